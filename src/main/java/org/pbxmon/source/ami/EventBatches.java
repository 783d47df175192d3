package org.pbxmon.source.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reader-to-pump hand-over of one {@link AmiSource}: batches of queued items (event copies or RTCP
 * samples), at most {@code capacity} items not yet applied. The reader hands over one batch per socket
 * read, not item by item: a hand-over per event, with a pump that keeps up, woke the pump for nearly
 * every event, which cost more than reading and applying it. One reader thread adds; one pump takes.
 */
final class EventBatches {
    private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger unapplied = new AtomicInteger();
    private final int capacity;

    EventBatches(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code items} and clears the list; returns how many did not fit (dropped). Reader thread only. */
    int handOver(List<Object> items) {
        int n = items.size();
        if (n == 0) {
            return 0;
        }
        int room = Math.max(0, capacity - unapplied.get()); // only the reader adds: never too much room
        int k = Math.min(n, room);
        if (k > 0) {
            unapplied.addAndGet(k);
            queue.add(items.subList(0, k).toArray());
        }
        items.clear();
        return n - k;
    }

    /** The next batch; call {@link #applied} with it once applied. Pump thread only. */
    Object[] take() throws InterruptedException {
        return queue.take();
    }

    void applied(Object[] batch) {
        unapplied.addAndGet(-batch.length);
    }

    /** Forgets every queued batch (a new session resyncs). */
    void clear() {
        List<Object[]> gone = new ArrayList<>();
        queue.drainTo(gone);
        gone.forEach(this::applied);
    }
}
