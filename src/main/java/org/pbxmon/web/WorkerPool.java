package org.pbxmon.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many requests are handled at once: {@code workers} permits and at most {@code queue} requests
 * waiting for one. Requests are read (head and body) by their connection's own thread without a
 * permit, so a slow client never holds one; the router takes a permit only to run the handler. A
 * request that finds the queue full, or waited longer than {@link #MAX_WAIT_NANOS}, is shed: the
 * router answers 503 at once instead of queueing forever.
 */
final class WorkerPool implements AutoCloseable {
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Permits permits;
    private final int queue;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong shed = new AtomicLong();
    private int size;

    WorkerPool(int workers, int queue) {
        this.permits = new Permits(workers);
        this.queue = queue;
        this.size = workers;
    }

    /**
     * Takes a worker permit; false (and nothing taken) when the request is shed. Pair a true with
     * {@link #leave()}.
     */
    boolean enter() {
        if (permits.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            shed.incrementAndGet();
            return false;
        }
        try {
            if (permits.tryAcquire(MAX_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        shed.incrementAndGet();
        return false;
    }

    void leave() {
        permits.release();
    }

    long shedCount() {
        return shed.get();
    }

    /** Resizes the worker count live (config reload); running requests finish. */
    synchronized void resize(int n) {
        if (n > size) {
            permits.release(n - size);
        } else if (n < size) {
            permits.reduce(size - n);
        }
        size = n;
    }

    synchronized int workerCount() {
        return size;
    }

    @Override
    public void close() {
        // nothing to stop: the permits are held by connection threads, which the listener ends
    }

    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int n) {
            super(n, true);
        }

        void reduce(int n) {
            reducePermits(n);
        }
    }
}
