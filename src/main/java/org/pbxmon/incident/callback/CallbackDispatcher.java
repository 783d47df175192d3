package org.pbxmon.incident.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to the callbacks' URLs, at least once: for each active callback, a loop leases its
 * due rows ({@link IncidentStore#claim}) and sends them, at most {@code concurrency} at once, on threads
 * of its own, so a slow receiver never delays another. Deliveries carry {@code webhook-id} (the event id,
 * the same on every retry), {@code webhook-timestamp} and, with a secret, {@code webhook-signature}
 * (Standard Webhooks 1.0). Failures are retried with backoff and jitter ({@link RetryPolicy}) until the
 * callback's {@code maxAge}, then kept as dead letters. Call {@link #wake()} after recording events so
 * delivery starts at once; otherwise due rows are found by polling every 200 ms.
 */
public final class CallbackDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    static final int MAX_CONCURRENCY = 64;
    static final long POLL_MS = 200;

    private final IncidentStore store;
    private final String owner;
    private final List<Receiver> receivers = new ArrayList<>();
    private final Map<String, CallbackStats> inactive = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Object releaseLock = new Object();
    private boolean released; // guarded by releaseLock
    private boolean started; // guarded by this
    private boolean closed; // guarded by this

    /** With the system clock. */
    public CallbackDispatcher(List<IncidentsConfig.Callback> callbacks, IncidentStore store, String owner,
            String userAgent) {
        this(callbacks, store, owner, userAgent, System::currentTimeMillis);
    }

    /**
     * No I/O: threads and HTTP clients are made by {@link #start()}.
     *
     * @param owner     this agent's lease name ({@code incidents.agent_id})
     * @param userAgent e.g. {@code pbxmon/1.2.0}
     * @param clockMs   epoch milliseconds (leases, timestamps, ages)
     * @throws IllegalArgumentException when an active callback cannot be delivered to as configured (bad
     *                                  URL or method, a header the HTTP client refuses, a bad whsec_ secret,
     *                                  a name used twice); the message names it and holds no secret
     */
    public CallbackDispatcher(List<IncidentsConfig.Callback> callbacks, IncidentStore store, String owner,
            String userAgent, LongSupplier clockMs) {
        this(callbacks, store, owner, userAgent, clockMs, RetryPolicy.standard(), POLL_MS);
    }

    CallbackDispatcher(List<IncidentsConfig.Callback> callbacks, IncidentStore store, String owner,
            String userAgent, LongSupplier clockMs, RetryPolicy policy, long pollMs) {
        this.store = Objects.requireNonNull(store, "store");
        this.owner = Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(clockMs, "clockMs");
        for (IncidentsConfig.Callback c : callbacks) {
            if (order.contains(c.name())) {
                throw new IllegalArgumentException("callback " + c.name() + " is configured twice");
            }
            order.add(c.name());
            String title = c.title() == null || c.title().isBlank() ? c.name() : c.title();
            if (!c.active()) {
                inactive.put(c.name(), new CallbackStats(c.name(), title, c.url().getHost(), false, false, 0,
                        Map.of(), 0, 0, "", null));
                continue;
            }
            Template template = Template.of(c);
            Signer signer;
            try {
                signer = c.secret() == null || c.secret().isEmpty() ? null : Signer.of(c.secret().reveal());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("callback " + c.name() + ": " + e.getMessage());
            }
            Receiver.Settings s = new Receiver.Settings(c.name(), title,
                    Math.max(1, Math.min(c.concurrency(), MAX_CONCURRENCY)),
                    positive(c.timeout(), DEFAULT_TIMEOUT), positive(c.maxAge(), DEFAULT_MAX_AGE));
            receivers.add(new Receiver(s, template, new Sender(template, signer, userAgent, s.timeout()), policy, store,
                    owner, clockMs, pollMs, this::releaseOnce));
        }
    }

    private static Duration positive(Duration d, Duration otherwise) {
        return d == null || d.isZero() || d.isNegative() ? otherwise : d;
    }

    /** Starts a loop per active callback; the first loop to run drops this owner's old leases. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        receivers.forEach(Receiver::start);
    }

    /** Looks for due rows now (the engine calls it after recording events). Cheap; never blocks. */
    public void wake() {
        receivers.forEach(Receiver::wake);
    }

    /**
     * This process's counters per callback (active or not), in config order. Never touches the store:
     * join {@link IncidentStore#outboxStats()} by name for pending, oldest and dead-letter totals.
     */
    public Map<String, CallbackStats> stats() {
        Map<String, CallbackStats> byName = new LinkedHashMap<>(inactive);
        for (Receiver r : receivers) {
            byName.put(r.name(), r.stats());
        }
        Map<String, CallbackStats> out = new LinkedHashMap<>();
        for (String n : order) {
            out.put(n, byName.get(n));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Stops every loop; deliveries under way are abandoned, and their rows are sent again later. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        receivers.forEach(Receiver::close);
    }

    /** Once per dispatcher, before any claim: an agent holds no lease from a life before a crash. */
    private void releaseOnce() {
        synchronized (releaseLock) {
            if (released) {
                return;
            }
            released = true;
            try {
                store.releaseAll(owner);
            } catch (StoreException | RuntimeException e) {
                // not fatal: those leases run out by themselves within timeout + 10 s
                log.warn("callbacks: could not release the leases of {} from an earlier run: {}", owner,
                        e.getMessage());
            }
        }
    }
}
