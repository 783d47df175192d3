package org.pbxmon.source.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;

/**
 * Watches the expiry of one certificate (a TLS endpoint or a PEM file) every {@code interval}, on its
 * own daemon thread. Publishes a {@link ProbeStatus} of kind certificate named {@code cert:<target>}.
 */
public final class CertificateSource implements Source {
    private final ProbeConfig.Certificate config;
    private final SnapshotStore store;
    private final Map<String, Long> errors = new TreeMap<>();
    private ScheduledExecutorService executor;
    private volatile boolean closed;
    private long runs;

    /** No I/O here. */
    public CertificateSource(ProbeConfig.Certificate config, SnapshotStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String key() {
        return "cert:" + config.target();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        store.publishProbe(ProbeStatus.pending(key(), ProbeStatus.CERTIFICATE, ProbeStatus.CERTIFICATE,
                config.target(), "first check pending"));
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cert-" + config.target());
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        executor.scheduleWithFixedDelay(this::runSafely, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            publish(null, "io", e.getClass().getSimpleName(), 0, System.currentTimeMillis());
        }
    }

    void runOnce() {
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        ProbeStatus.Certificate cert = null;
        String reason = null;
        String message = "";
        try {
            cert = config.file() != null ? CertificateReader.file(config.file())
                    : CertificateReader.endpoint(config.host(), config.port(), config.timeout());
        } catch (UnknownHostException e) {
            reason = "connect";
            message = "unknown host " + e.getMessage();
        } catch (ConnectException e) {
            reason = "connect";
            message = "cannot connect (" + e.getMessage() + ")";
        } catch (SocketTimeoutException e) {
            reason = "timeout";
            message = "timed out after " + config.timeout().toMillis() / 1000.0 + "s";
        } catch (SSLException e) {
            reason = "tls";
            message = "TLS: " + e.getMessage();
        } catch (IOException | GeneralSecurityException e) {
            reason = config.file() != null ? "bad_value" : "io";
            message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        publish(cert, reason, message, seconds, started);
    }

    private void publish(ProbeStatus.Certificate cert, String reason, String message, double seconds, long started) {
        runs++;
        if (reason != null) {
            errors.merge(reason, 1L, Long::sum);
        }
        String error = reason == null ? "" : message;
        if (closed) {
            return;
        }
        store.publishProbe(new ProbeStatus(key(), ProbeStatus.CERTIFICATE, ProbeStatus.CERTIFICATE, config.target(),
                cert != null, error, seconds, System.currentTimeMillis(), runs, errors,
                reason == null ? List.of() : List.of(reason + ": " + message), "", null, null, null, List.of(), cert));
        store.timers().record(key(), started, seconds, error);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        store.removeProbe(key());
    }
}
