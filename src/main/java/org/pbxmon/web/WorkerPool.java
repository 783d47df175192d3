package org.pbxmon.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP server's executor: a fixed number of workers and a bounded queue. An exchange that finds
 * the queue full, or that waited longer than {@link #MAX_WAIT_NANOS} in it, is run by a small shedding
 * pool with {@link #shedding()} true, so the router answers 503 at once instead of queueing forever.
 */
final class WorkerPool implements Executor, AutoCloseable {
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final ThreadLocal<Boolean> SHEDDING = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor shedder;
    private final AtomicLong shed = new AtomicLong();

    WorkerPool(int workers, int queue) {
        BlockingQueue<Runnable> q = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        this.workers = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, q, r -> thread(r, "pbxmon-http"));
        // Shedding only reads the request head and writes a small 503; a slow client there is cut off
        // by the server's request timeout. Beyond its queue the exchange is dropped; the JDK server's
        // timers close the connection.
        this.shedder = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> thread(r, "pbxmon-http-shed"), new ThreadPoolExecutor.DiscardPolicy());
    }

    /** True while the current thread runs an exchange that must be answered 503 (overload). */
    static boolean shedding() {
        return SHEDDING.get();
    }

    long shedCount() {
        return shed.get();
    }

    /** Resizes the worker count live (config reload). */
    synchronized void resize(int n) {
        if (n > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(n);
            workers.setCorePoolSize(n);
        } else {
            workers.setCorePoolSize(n);
            workers.setMaximumPoolSize(n);
        }
    }

    int workerCount() {
        return workers.getMaximumPoolSize();
    }

    @Override
    public void execute(Runnable exchange) {
        long queued = System.nanoTime();
        try {
            workers.execute(() -> {
                if (System.nanoTime() - queued > MAX_WAIT_NANOS) {
                    runShed(exchange);
                } else {
                    exchange.run();
                }
            });
        } catch (RejectedExecutionException e) {
            shedder.execute(() -> runShed(exchange));
        }
    }

    private void runShed(Runnable exchange) {
        shed.incrementAndGet();
        SHEDDING.set(true);
        try {
            exchange.run();
        } finally {
            SHEDDING.set(false);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        shedder.shutdownNow();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
