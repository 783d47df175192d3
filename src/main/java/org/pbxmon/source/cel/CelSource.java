package org.pbxmon.source.cel;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pbxmon.config.CelConfig;
import org.pbxmon.logging.RepeatFilter;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one PBX's CEL table in MariaDB and publishes a {@link CelStatus}: queue depth against a
 * consumer's watermark, freshness, rows per eventtype, open calls, and "stalled" (AMI sees calls but
 * no CEL row arrives: cel_odbc drops rows silently when an insert fails).
 *
 * <p>One daemon thread polls every {@code poll_interval}; a HikariCP pool (bounded, with connect and
 * statement timeouts) is created on that thread at the first poll, so the constructor and
 * {@link #start()} do no I/O and the agent serves while the database is down. A failed poll keeps the
 * last good figures and publishes the reason; it never throws, never blocks a scrape or the AMI
 * source. AMI call activity is read from the published model only.
 */
public final class CelSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(CelSource.class);
    static final int MAX_OPEN_CALLS = 100_000;
    static final long SOCKET_TIMEOUT_MARGIN_MS = 5_000;
    /** Added to the poll interval: how long the rows of a call may take to appear before it counts. */
    static final long STALL_GRACE_MS = 1_000;

    private final String pbx;
    private final CelConfig cfg;
    private final SnapshotStore store;
    private final CelPoller poller;
    private final CelTail tail;
    private final String timer;
    private ScheduledExecutorService exec;
    private HikariDataSource ds;
    private boolean closed;

    // poll thread only
    private final StallDetector stall;
    private CelStatus last;
    private String loggedError;

    public CelSource(String pbx, CelConfig cfg, SnapshotStore store) {
        this.pbx = pbx;
        this.cfg = cfg;
        this.store = store;
        this.poller = new CelPoller(cfg);
        this.tail = new CelTail(cfg.openCallWindow().toMillis(), MAX_OPEN_CALLS);
        this.timer = "cel_poll:" + pbx;
        this.stall = new StallDetector(cfg.stallWindow().toMillis(), cfg.pollInterval().toMillis() + STALL_GRACE_MS);
        this.last = CelStatus.initial(pbx, cfg.describe(), cfg.consumerKind());
    }

    @Override
    public String key() {
        return "cel:" + pbx;
    }

    @Override
    public synchronized void start() {
        if (exec != null || closed) {
            return;
        }
        store.publishCel(last);
        exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbxmon-cel-" + pbx);
            t.setDaemon(true);
            return t;
        });
        exec.scheduleWithFixedDelay(this::poll, 0, cfg.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            log.warn("PBX {}: CEL poll error: {}", pbx, e.toString());
        }
    }

    /** One poll, on the caller's thread: publishes and returns the new status. */
    CelStatus pollOnce() {
        long startedMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        CelPoller.Cycle cycle = new CelPoller.Cycle();
        Exception failure = cycle(cycle, startedMs);
        if (failure != null && DbErrors.connectionLost(failure)) {
            // a pooled connection died (database restarted, network cut): once more on a fresh one
            cycle = new CelPoller.Cycle();
            failure = cycle(cycle, startedMs);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        CelStatus st = next(cycle, failure, seconds, System.currentTimeMillis());
        last = st;
        if (!publishUnlessClosed(st)) {
            return st;
        }
        store.timers().record(timer, startedMs, seconds, st.error());
        logTransition(st);
        return st;
    }

    private Exception cycle(CelPoller.Cycle cycle, long nowMs) {
        try (Connection c = pool().getConnection()) {
            poller.poll(c, tail, nowMs, cycle, probeWatermark());
            return null;
        } catch (SQLException | RuntimeException e) {
            return e;
        }
    }

    /**
     * The watermark an HTTP probe read (the consumer's own status API, e.g. Itgrix's
     * {@code app.pbx.last_id}); null when the consumer is not a probe, -1 when the probe has no
     * reading now. Read from the model, never from the probe source.
     */
    private Long probeWatermark() {
        if (cfg.consumerProbe() == null) {
            return null;
        }
        for (ProbeStatus p : store.probes()) {
            if (p.name().equals(cfg.consumerProbe()) && p.up()) {
                for (ProbeStatus.Sample s : p.samples()) {
                    if (s.name().equals(cfg.consumerProbeMetric()) && s.labels().isEmpty()) {
                        return (long) s.value();
                    }
                }
            }
        }
        return -1L;
    }

    private CelStatus next(CelPoller.Cycle cy, Exception failure, double seconds, long now) {
        Map<String, Double> durations = new TreeMap<>(last.queryDurations());
        durations.putAll(cy.durations);
        if (failure != null) {
            String error = DbErrors.reason(failure, cfg.password().reveal(), cfg.table());
            return new CelStatus(pbx, last.source(), false, error, last.hasData(), last.lastId(),
                    last.lastEventEpochMs(), last.lastEventAgeSeconds(), last.consumer(), last.consumerLastId(),
                    last.pendingEvents(), last.pendingCalls(), last.eventsByType(), last.openCalls(), last.stalled(),
                    durations, seconds, now);
        }
        PbxSnapshot ami = store.get(pbx);
        boolean stalled = stall.update(now, cy.lastId, cy.lastEventEpochMs,
                ami == null ? 0 : ami.calls().lastCallEndedEpochMs(), ami == null ? 0 : ami.calls().calls());
        long consumerLastId = cy.pending != null ? cy.consumerLastId : last.consumerLastId();
        CelRules.Pending pending = cy.pending != null ? cy.pending
                : new CelRules.Pending(last.pendingEvents(), last.pendingCalls());
        String error = cy.consumerError == null ? ""
                : cfg.consumerProbe() != null ? "consumer probe: " + cy.consumerError.getMessage()
                : "consumer query: " + DbErrors.reason(cy.consumerError, cfg.password().reveal(), null);
        double age = cy.lastEventEpochMs == 0 ? 0 : CelRules.ageSeconds(now, cy.lastEventEpochMs);
        return new CelStatus(pbx, last.source(), true, error, true, cy.lastId, cy.lastEventEpochMs, age,
                cfg.consumerKind(), consumerLastId, pending.events(), pending.calls(), tail.eventsByType(),
                tail.openCalls(now), stalled, durations, seconds, now);
    }

    /**
     * One line per change of the poll's outcome (marked {@link RepeatFilter#CHANGE}, so that a database
     * that goes down, up and down again within the filter's window is logged each time).
     */
    private void logTransition(CelStatus st) {
        if (st.error().equals(loggedError)) {
            return;
        }
        if (st.success()) {
            log.info(RepeatFilter.CHANGE, "PBX {}: reading CEL table {} at {}", pbx, cfg.table(), cfg.describe());
        } else if (st.dbUp()) {
            log.warn(RepeatFilter.CHANGE, "PBX {}: CEL at {}: {}", pbx, cfg.describe(), st.error());
        } else {
            log.warn(RepeatFilter.CHANGE, "PBX {}: CEL database {} unavailable: {}", pbx, cfg.describe(), st.error());
        }
        loggedError = st.error();
    }

    /** Publishes unless {@link #close()} ran: a poll that was under way never brings a closed source back. */
    private synchronized boolean publishUnlessClosed(CelStatus st) {
        if (!closed) {
            store.publishCel(st);
        }
        return !closed;
    }

    private synchronized HikariDataSource pool() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (ds == null) {
            ds = new HikariDataSource(hikari());
        }
        return ds;
    }

    /** A bounded pool that never connects on creation; the driver's timeouts back the statement timeout. */
    private HikariConfig hikari() {
        long connectMs = cfg.connectTimeout().toMillis();
        HikariConfig h = new HikariConfig();
        h.setPoolName("pbxmon-cel-" + pbx);
        h.setDriverClassName("org.mariadb.jdbc.Driver");
        h.setJdbcUrl(cfg.url());
        h.setUsername(cfg.username());
        h.setPassword(cfg.password().reveal());
        h.setMaximumPoolSize(cfg.poolSize());
        h.setMinimumIdle(1);
        h.setConnectionTimeout(connectMs);
        h.setValidationTimeout(Math.max(250, Math.min(connectMs, 5_000)));
        h.setInitializationFailTimeout(-1);
        h.setReadOnly(true);
        h.setAutoCommit(true);
        h.addDataSourceProperty("connectTimeout", String.valueOf(connectMs));
        h.addDataSourceProperty("socketTimeout", String.valueOf(cfg.queryTimeout().toMillis() + SOCKET_TIMEOUT_MARGIN_MS));
        return h;
    }

    @Override
    public void close() {
        HikariDataSource d;
        synchronized (this) {
            closed = true;
            if (exec != null) {
                exec.shutdownNow();
                exec = null;
            }
            d = ds;
            ds = null;
        }
        if (d != null) {
            d.close();
        }
        store.removeCel(pbx);
    }
}
