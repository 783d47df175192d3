package org.pbxmon.source.probe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP probe: every {@code interval}, the profile's GETs within {@code timeout}, parsed into a
 * {@link ProbeStatus} and published. It runs on its own two daemon threads (the run and a watchdog
 * that cancels overdue requests), so a slow or unreachable target delays nothing else. Every failure
 * becomes a counted problem in the status; the loop never dies.
 */
public final class ProbeSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(ProbeSource.class);

    private final ProbeConfig config;
    private final SnapshotStore store;
    private final Profile profile;
    private final Map<String, Long> errors = new TreeMap<>();
    private volatile ScheduledExecutorService executor;
    private volatile HttpFetcher fetcher;
    private volatile boolean closed;
    private long runs;
    private long restarts;
    private String lastInstance;
    private Double lastStart;
    private String lastError = "";

    /** No I/O here: the client is built on the probe's own thread at its first run. */
    public ProbeSource(ProbeConfig config, SnapshotStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.profile = Profiles.get(config.profile());
    }

    @Override
    public String key() {
        return "probe:" + config.name();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        store.publishProbe(ProbeStatus.pending(config.name(), ProbeStatus.HTTP, config.profile(), config.describe(),
                "first probe pending"));
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "probe-" + config.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        executor = ex;
        executor.scheduleWithFixedDelay(this::runSafely, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException | Error e) {
            // never let the schedule die: a scheduled task that throws is never run again
            log.warn("probe {}: run failed: {}", config.name(), e.toString());
        }
    }

    /** One run: fetch, parse, publish, record the timer. On the probe's thread only. */
    void runOnce() {
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long deadline = t0 + config.timeout().toNanos();
        Map<String, Profile.Answer> answers = new LinkedHashMap<>();
        List<Profile.Request> requests = profile.requests(config, started);
        String setupError = null;
        if (fetcher == null) {
            try {
                fetcher = new HttpFetcher(config, executor);
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                setupError = "TLS setup: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        for (Profile.Request r : requests) {
            answers.put(r.key(), fetcher == null ? Profile.Answer.failed(r.key(), "tls", setupError)
                    : fetcher.fetch(r, deadline));
        }
        long now = System.currentTimeMillis();
        Reading reading = new Reading();
        profile.parse(config, answers, now, reading);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ProbeStatus status = status(reading, seconds, now);
        if (closed) {
            return;
        }
        store.publishProbe(status);
        store.timers().record(key(), started, seconds, status.error());
        if (!status.error().equals(lastError)) {
            if (status.error().isEmpty()) {
                log.info("probe {}: ok again", config.name());
            } else {
                log.warn("probe {}: {}", config.name(), status.error());
            }
            lastError = status.error();
        }
    }

    private ProbeStatus status(Reading r, double seconds, long now) {
        runs++;
        for (Reading.Problem p : r.problems) {
            errors.merge(p.reason(), 1L, Long::sum);
        }
        ProbeStatus.Backend backend = null;
        if (r.instanceId != null || r.startEpochSeconds != null || r.storingEnabled != null) {
            boolean restarted = (r.instanceId != null && lastInstance != null && !r.instanceId.equals(lastInstance))
                    || (r.instanceId == null && r.startEpochSeconds != null && lastStart != null
                            && !r.startEpochSeconds.equals(lastStart));
            if (restarted) {
                restarts++;
            }
            lastInstance = r.instanceId != null ? r.instanceId : lastInstance;
            lastStart = r.startEpochSeconds != null ? r.startEpochSeconds : lastStart;
            backend = new ProbeStatus.Backend(r.instanceId == null ? "" : r.instanceId, r.startEpochSeconds,
                    r.storingEnabled, restarts);
        }
        String error = r.problems.isEmpty() ? "" : r.problems.get(0).message();
        if (!r.up && error.isEmpty()) {
            error = "down";
        }
        return new ProbeStatus(config.name(), ProbeStatus.HTTP, config.profile(), config.describe(), r.up, error,
                seconds, now, runs, errors, r.problems.stream().map(Reading.Problem::toString).toList(), r.version,
                r.license, r.connector, backend, r.samples, null);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (fetcher != null) {
            fetcher.close();
            fetcher = null;
        }
        store.removeProbe(config.name());
    }
}
