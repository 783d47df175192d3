package org.pbxmon.web.panel;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** One viewer's bounded queue of encoded events; its writer thread takes from it. */
public final class PanelSubscriber {
    private final BlockingQueue<byte[]> queue;
    private final Runnable onDrop;
    private volatile boolean dropped;

    PanelSubscriber(int capacity, Runnable onDrop) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onDrop = onDrop;
    }

    boolean offer(byte[] event) {
        return !dropped && queue.offer(event);
    }

    /** The next event, or null after {@code millis} or once dropped. */
    public byte[] next(long millis) throws InterruptedException {
        return dropped ? null : queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    public boolean dropped() {
        return dropped;
    }

    void drop() {
        dropped = true;
        queue.clear();
        try {
            onDrop.run();
        } catch (RuntimeException ignored) {
            // the connection is going anyway
        }
    }
}
