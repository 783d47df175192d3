package org.pbxmon.incident.callback;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of one active callback: a loop thread that leases due outbox rows, as many as there are
 * free slots, and {@code concurrency} worker threads that send them ({@link Sender}, an HTTP client of its own). So a
 * slow receiver holds only its own threads. A row leaves the lease only by a store call after an answer
 * (delivered, retry at, dead letter); when that call fails, or the process stops mid-delivery, the lease
 * runs out and the row is sent again with the same {@code webhook-id}.
 */
final class Receiver {
    private static final Logger log = LoggerFactory.getLogger(Receiver.class);
    private static final long LEASE_EXTRA_MS = 10_000;
    private static final long STORE_BACKOFF_MAX_MS = 5_000;

    /** Settings with their defaults applied. */
    record Settings(String name, String title, int concurrency, Duration timeout, Duration maxAge) {
    }

    private final Settings settings;
    private final Template template;
    private final Sender sender;
    private final RetryPolicy policy;
    private final IncidentStore store;
    private final String owner;
    private final LongSupplier clock;
    private final long pollMs;
    private final Runnable beforeFirstClaim;

    private final LongAdder sent = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastSuccessMs = new AtomicLong(-1);
    private volatile String lastError = "";
    private boolean failing; // guarded by this
    private boolean storeFailing; // guarded by this
    private long deadSinceLog; // guarded by this
    private long deadLoggedMs = Long.MIN_VALUE; // guarded by this

    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean closed;
    private volatile ExecutorService workers;
    private volatile Thread loop;

    Receiver(Settings settings, Template template, Sender sender, RetryPolicy policy, IncidentStore store,
            String owner, LongSupplier clock, long pollMs, Runnable beforeFirstClaim) {
        this.settings = settings;
        this.template = template;
        this.sender = sender;
        this.policy = policy;
        this.store = store;
        this.owner = owner;
        this.clock = clock;
        this.pollMs = pollMs;
        this.beforeFirstClaim = beforeFirstClaim;
    }

    String name() {
        return settings.name();
    }

    void start() {
        sender.start();
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "callback-" + settings.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread t = new Thread(this::run, "callback-" + settings.name());
        t.setDaemon(true);
        loop = t;
        t.start();
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    void close() {
        closed = true;
        wake();
        Thread t = loop;
        ExecutorService w = workers;
        if (t != null) {
            t.interrupt();
        }
        if (w != null) {
            w.shutdownNow(); // an interrupted delivery leaves its row leased: it is sent again later
        }
        try {
            if (t != null) {
                t.join(2_000);
            }
            if (w != null) {
                w.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.stop();
    }

    CallbackStats stats() {
        Map<String, Long> f = new HashMap<>();
        failures.forEach((k, v) -> f.put(k, v.sum()));
        long ok = lastSuccessMs.get();
        boolean nowFailing;
        synchronized (this) {
            nowFailing = failing || storeFailing;
        }
        return new CallbackStats(settings.name(), settings.title(), template.host(), true, nowFailing, sent.sum(), f,
                deadLetters.sum(), inFlight.get(), lastError, ok < 0 ? null : ok);
    }

    private void run() {
        try {
            beforeFirstClaim.run();
            long storeBackoff = pollMs;
            while (!closed) {
                int free = settings.concurrency() - inFlight.get();
                boolean more = false;
                if (free > 0) {
                    List<OutboxRow> rows;
                    try {
                        rows = store.claim(settings.name(), owner, free,
                                settings.timeout().toMillis() + LEASE_EXTRA_MS, clock.getAsLong());
                        storeOk();
                        storeBackoff = pollMs;
                    } catch (StoreException | RuntimeException e) {
                        storeFailed("claim", e);
                        pause(storeBackoff);
                        storeBackoff = Math.min(storeBackoff * 2, Math.max(pollMs, STORE_BACKOFF_MAX_MS));
                        continue;
                    }
                    for (OutboxRow row : rows) {
                        inFlight.incrementAndGet();
                        try {
                            workers.execute(() -> deliver(row));
                        } catch (RejectedExecutionException e) {
                            inFlight.decrementAndGet();
                            return; // closing: the row's lease runs out
                        }
                    }
                    more = rows.size() == free;
                }
                if (!more) {
                    pause(pollMs);
                }
            }
        } catch (RuntimeException | Error e) {
            if (!closed) {
                log.error("callback {} ({}): delivery loop stopped: {}", settings.name(), template.host(), e.toString());
            }
        }
    }

    /** Waits up to {@code ms}, or less when woken. */
    private void pause(long ms) {
        synchronized (signal) {
            if (!woken && !closed) {
                try {
                    signal.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
            woken = false;
        }
    }

    private void deliver(OutboxRow row) {
        try {
            long now = clock.getAsLong();
            if (RetryPolicy.expired(row.createdMs(), now, settings.maxAge())) {
                dead(row, row.attempts(), RetryPolicy.EXPIRED, now);
                return;
            }
            HttpRequest request;
            try {
                request = sender.request(row, now);
            } catch (IllegalArgumentException e) {
                count("internal");
                dead(row, row.attempts(), "invalid request: " + e.getMessage(), now);
                return;
            }
            Outcome outcome = sender.send(request);
            if (outcome == null) {
                return; // closing
            }
            int attempts = row.attempts() + 1;
            long after = clock.getAsLong();
            RetryPolicy.Decision d = policy.decide(outcome, attempts, row.createdMs(), after, settings.maxAge());
            switch (d.kind()) {
                case DELIVERED -> {
                    sent.increment();
                    lastSuccessMs.set(after);
                    succeeded();
                    if (!store.delivered(row.id(), owner, after)) {
                        count("lease_lost");
                    }
                }
                case RETRY -> {
                    failed(outcome);
                    store.retryAt(row.id(), owner, attempts, d.nextAttemptMs(), d.error());
                }
                case DEAD -> {
                    failed(outcome);
                    dead(row, attempts, d.error(), after);
                }
            }
            storeOk();
        } catch (StoreException e) {
            storeFailed("mark", e); // the row stays leased until the lease runs out, then goes again
        } catch (RuntimeException e) {
            if (!closed) {
                count("internal");
                log.warn("callback {} ({}): delivery failed: {}", settings.name(), template.host(), sender.clean(e));
            }
        } finally {
            inFlight.decrementAndGet();
            wake();
        }
    }

    private void dead(OutboxRow row, int attempts, String reason, long now) throws StoreException {
        store.deadLetter(row.id(), owner, attempts, reason, now);
        deadLetters.increment();
        synchronized (this) {
            deadSinceLog++;
            if (now - deadLoggedMs >= 60_000 || deadLoggedMs == Long.MIN_VALUE) {
                log.warn("callback {} ({}): {} delivery(ies) given up as dead letters, last: {}", settings.name(),
                        template.host(), deadSinceLog, reason);
                deadSinceLog = 0;
                deadLoggedMs = now;
            }
        }
    }

    private void count(String reason) {
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    private void failed(Outcome o) {
        count(o.reason());
        String what = o.describe();
        lastError = what;
        synchronized (this) {
            if (!failing) {
                failing = true;
                log.warn("callback {} ({}): failing: {}", settings.name(), template.host(), what);
            }
        }
    }

    private void succeeded() {
        synchronized (this) {
            if (failing) {
                failing = false;
                log.info("callback {} ({}): recovered", settings.name(), template.host());
            }
        }
    }

    private void storeFailed(String what, Exception e) {
        count("store");
        String text = "store: " + what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        lastError = text.length() > 200 ? text.substring(0, 200) : text;
        synchronized (this) {
            if (!storeFailing) {
                storeFailing = true;
                log.warn("callback {} ({}): outbox unavailable: {}", settings.name(), template.host(), lastError);
            }
        }
    }

    private void storeOk() {
        synchronized (this) {
            if (storeFailing) {
                storeFailing = false;
                log.info("callback {} ({}): outbox available again", settings.name(), template.host());
            }
        }
    }
}
