package org.pbxmon.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The only writer of one session's socket: whole messages are queued and written by a daemon thread,
 * so responses and events never interleave inside a message and a slow client never blocks the world.
 * While the simulator is stalled, queued messages are dropped instead of written.
 */
final class SessionWriter implements Runnable {
    /** A client that lets this much pile up is disconnected, as Asterisk does with stuck sessions. */
    static final long MAX_PENDING = 64L * 1024 * 1024;

    private final OutputStream out;
    private final BooleanSupplier stalled;
    private final Runnable onFailure;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread thread;
    private long pending;
    private long written;
    private boolean closed;
    private boolean closeWhenDrained;

    SessionWriter(OutputStream out, BooleanSupplier stalled, Runnable onFailure, String name) {
        this.out = out;
        this.stalled = stalled;
        this.onFailure = onFailure;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues one or more whole messages; false when closed or when the client is hopelessly behind. */
    boolean enqueue(byte[] bytes) {
        boolean overflow;
        synchronized (this) {
            if (closed || closeWhenDrained) {
                return false;
            }
            overflow = pending + bytes.length > MAX_PENDING;
            if (!overflow) {
                queue.add(bytes);
                pending += bytes.length;
                notifyAll();
                return true;
            }
        }
        onFailure.run();
        return false;
    }

    /** Waits until at most {@code maxPending} bytes are unsent; false on close or when no progress in time. */
    boolean awaitBelow(long maxPending, long stallTimeoutMs) throws InterruptedException {
        synchronized (this) {
            long lastWritten = written;
            long deadline = System.currentTimeMillis() + stallTimeoutMs;
            while (!closed && pending > maxPending) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                wait(Math.min(left, 50));
                if (written != lastWritten) {
                    lastWritten = written;
                    deadline = System.currentTimeMillis() + stallTimeoutMs;
                }
            }
            return !closed;
        }
    }

    /** Queues a final message, then the writer closes the socket once everything is flushed. */
    void enqueueAndClose(byte[] bytes) {
        synchronized (this) {
            if (closed || closeWhenDrained) {
                return;
            }
            queue.add(bytes);
            pending += bytes.length;
            closeWhenDrained = true;
            notifyAll();
        }
    }

    synchronized long written() {
        return written;
    }

    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            pending = 0;
            notifyAll();
        }
    }

    @Override
    public void run() {
        BufferedOutputStream bos = new BufferedOutputStream(out, 64 * 1024);
        long unflushed = 0;
        try {
            while (true) {
                byte[] next;
                boolean finish = false;
                synchronized (this) {
                    while (queue.isEmpty() && unflushed == 0 && !closed && !closeWhenDrained) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    next = queue.poll();
                    if (next == null && unflushed == 0 && closeWhenDrained) {
                        finish = true;
                    }
                }
                if (finish) {
                    onFailure.run();
                    return;
                }
                if (next == null) {
                    bos.flush();
                    synchronized (this) {
                        pending -= unflushed;
                        written += unflushed;
                        notifyAll();
                    }
                    unflushed = 0;
                    continue;
                }
                if (stalled.getAsBoolean()) {
                    synchronized (this) {
                        pending -= next.length;
                        notifyAll();
                    }
                    continue;
                }
                bos.write(next);
                unflushed += next.length;
                if (unflushed >= 256 * 1024) {
                    bos.flush();
                    synchronized (this) {
                        pending -= unflushed;
                        written += unflushed;
                        notifyAll();
                    }
                    unflushed = 0;
                }
            }
        } catch (IOException e) {
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                closed = true;
                queue.clear();
                pending = 0;
                notifyAll();
            }
        }
    }
}
