package org.pbxmon.source.ami;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one PBX's live state from one AMI session and publishes it as snapshots.
 *
 * <p>One control thread connects (with exponential backoff), syncs from list actions, pings, and
 * resyncs every {@code resync_interval}, or at once after a reload, a boot, or dropped events. Events
 * are applied by asterisk-java's event thread. A publish thread turns the state into an immutable
 * {@link PbxSnapshot} when it changed, at most every {@code publish_interval}. The constructor does no
 * I/O; nothing here ever blocks a scrape.
 */
public final class AmiSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(AmiSource.class);
    static final long INITIAL_BACKOFF_MS = 500;
    static final long DROP_QUIET_MS = 500;

    private final PbxConfig cfg;
    private final SnapshotStore store;
    private final long publishMs;
    private final PbxState state = new PbxState();
    private final TrunkClassifier classifier;
    private final WireStats wire = new WireStats(this::requestResync);
    private final AmiEventReducer reducer = new AmiEventReducer(state, System::currentTimeMillis);
    private final Set<String> absentModules = AmiSync.newModuleSet();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong statusVersion = new AtomicLong();
    /** Events delivered to the reducer (benchmarks read it). */
    final AtomicLong applied = new AtomicLong();
    private ScheduledExecutorService exec;
    /** Tests slow event application down to make asterisk-java's queue overflow; 0 in production. */
    volatile long applyDelayNanosForTest;

    private volatile PbxManagerConnection conn;
    private volatile boolean connected;
    private volatile boolean synced;
    private volatile boolean resyncRequested;
    private volatile String lastError = "";
    private volatile List<CollectorResult> collectors = List.of();
    private volatile boolean everConnected;
    private long backoffMs = INITIAL_BACKOFF_MS;
    private long nextAttemptMs;
    private long nextResyncMs;
    private long nextPingMs;
    private long publishedVersion = -1;
    private long publishedStatus = -1;
    private long lastPublishMs;

    public AmiSource(PbxConfig cfg, SnapshotStore store, Duration publishInterval) {
        this.cfg = cfg;
        this.store = store;
        this.publishMs = Math.max(10, publishInterval.toMillis());
        this.classifier = new TrunkClassifier(cfg.trunks());
    }

    @Override
    public String key() {
        return "ami:" + cfg.name();
    }

    @Override
    public synchronized void start() {
        if (exec != null) {
            return;
        }
        AsteriskJavaLogTap.install();
        store.publish(PbxSnapshot.initial(cfg.name(), cfg.ami().describe()));
        exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "pbxmon-ami-" + cfg.name());
            t.setDaemon(true);
            return t;
        });
        exec.scheduleWithFixedDelay(this::control, 0, 100, TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(this::publish, publishMs, publishMs, TimeUnit.MILLISECONDS);
    }

    /** Ask for a full resync as soon as the event stream is quiet. Cheap; callable from any thread. */
    public void requestResync() {
        resyncRequested = true;
    }

    // ---- control thread

    private void control() {
        try {
            long now = System.currentTimeMillis();
            PbxManagerConnection c = conn;
            if (c == null || c.lost()) {
                if (c != null) {
                    sessionLost(c);
                }
                if (now >= nextAttemptMs) {
                    connect();
                }
                return;
            }
            if (!synced || now >= nextResyncMs
                    || (resyncRequested && now - wire.lastDropMs > DROP_QUIET_MS)) {
                sync(c);
                return;
            }
            if (now >= nextPingMs) {
                ping(c);
            }
        } catch (RuntimeException e) {
            log.warn("PBX {}: control loop error: {}", cfg.name(), e.toString());
        }
    }

    private void connect() {
        PbxManagerConnection c = new PbxManagerConnection(cfg.ami(), wire, lostConn -> statusVersion.incrementAndGet());
        c.addEventListener(this::onEvent);
        try {
            c.login(cfg.ami().events() ? "on" : "off");
            conn = c;
            connected = true;
            synced = false;
            backoffMs = INITIAL_BACKOFF_MS;
            lastError = "";
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            everConnected = true;
            nextPingMs = System.currentTimeMillis() + cfg.ami().pingInterval().toMillis();
            log.info("PBX {}: AMI session up ({})", cfg.name(), cfg.ami().describe());
        } catch (AuthenticationFailedException e) {
            failed(c, "authentication failed for " + cfg.ami().describe());
        } catch (Exception e) {
            failed(c, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        statusVersion.incrementAndGet();
    }

    private void failed(PbxManagerConnection c, String why) {
        c.shutdown();
        if (!why.equals(lastError)) {
            log.warn("PBX {}: cannot connect to AMI at {}: {} (retrying with backoff up to {} s)", cfg.name(),
                    cfg.ami().describe(), why, cfg.ami().reconnectBackoffMax().toSeconds());
        }
        lastError = why;
        nextAttemptMs = System.currentTimeMillis() + backoffMs;
        backoffMs = Math.min(backoffMs * 2, cfg.ami().reconnectBackoffMax().toMillis());
    }

    private void sessionLost(PbxManagerConnection c) {
        c.shutdown();
        conn = null;
        connected = false;
        synced = false;
        lastError = "AMI session lost";
        log.warn("PBX {}: AMI session to {} lost; reconnecting", cfg.name(), cfg.ami().describe());
        nextAttemptMs = System.currentTimeMillis() + backoffMs;
        backoffMs = Math.min(backoffMs * 2, cfg.ami().reconnectBackoffMax().toMillis());
        statusVersion.incrementAndGet();
    }

    private void sync(PbxManagerConnection c) {
        boolean initial = !synced;
        resyncRequested = false;
        pending.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            collectors = new AmiSync(c, state, System::currentTimeMillis, cfg.ami().responseTimeout().toMillis(),
                    absentModules).run();
        } finally {
            pending.decrementAndGet();
        }
        boolean ok = collectors.stream().allMatch(CollectorResult::success);
        store.timers().record("ami_resync:" + cfg.name(), System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000,
                (System.nanoTime() - t0) / 1e9, ok ? null : collectors.stream().filter(r -> !r.success())
                        .map(r -> r.collector() + ": " + r.error()).findFirst().orElse("failed"));
        if (!initial) {
            resyncs.incrementAndGet();
        }
        if (ok || initial) {
            synced = true;
        }
        if (!ok) {
            collectors.stream().filter(r -> !r.success()).findFirst()
                    .ifPresent(r -> log.warn("PBX {}: sync step {} failed: {}", cfg.name(), r.collector(), r.error()));
        }
        nextResyncMs = System.currentTimeMillis() + (ok ? cfg.ami().resyncInterval().toMillis()
                : Math.min(cfg.ami().resyncInterval().toMillis(), 10_000));
        log.debug("PBX {}: sync took {} ms", cfg.name(), (System.nanoTime() - t0) / 1_000_000);
        statusVersion.incrementAndGet();
        publish();
    }

    private void ping(PbxManagerConnection c) {
        nextPingMs = System.currentTimeMillis() + cfg.ami().pingInterval().toMillis();
        pending.incrementAndGet();
        try {
            c.sendAction(new PingAction(), cfg.ami().responseTimeout().toMillis());
        } catch (Exception e) {
            // A busy stream can lose the Pong in asterisk-java's full queue: only silence means dead.
            long silentMs = System.currentTimeMillis() - wire.lastReadMs;
            if (silentMs > cfg.ami().responseTimeout().toMillis()) {
                log.warn("PBX {}: no answer to Ping and nothing read for {} ms; closing half-open session",
                        cfg.name(), silentMs);
                c.forceClose();
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    // ---- asterisk-java event thread

    private void onEvent(ManagerEvent event) {
        applied.incrementAndGet();
        if (applyDelayNanosForTest > 0) {
            long until = System.nanoTime() + applyDelayNanosForTest;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        if (reducer.apply(event) == AmiEventReducer.Outcome.RESYNC) {
            requestResync();
        }
    }

    // ---- publish thread

    private synchronized void publish() {
        try {
            long v = state.version();
            long sv = statusVersion.get() + wire.events.get() / 1000 + wire.dropped.get();
            long now = System.currentTimeMillis();
            if (v == publishedVersion && sv == publishedStatus && now - lastPublishMs < 1000) {
                return;
            }
            PbxState.View view = state.view(classifier, now, cfg.stuckCallThreshold().toMillis());
            AmiStatus ami = new AmiStatus(connected, synced, wire.lastEventMs, wire.events.get(), wire.dropped.get(),
                    wire.unknown.get(), wire.malformed.get(), reconnects.get(), resyncs.get(), pending.get(), lastError);
            store.publish(new PbxSnapshot(cfg.name(), cfg.ami().describe(), ami, view.core(), view.calls(),
                    view.endpoints(), view.registrations(), view.queues(), collectors, now));
            publishedVersion = view.version();
            publishedStatus = sv;
            lastPublishMs = now;
        } catch (RuntimeException e) {
            log.warn("PBX {}: snapshot failed: {}", cfg.name(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (exec != null) {
            exec.shutdownNow();
            exec = null;
        }
        PbxManagerConnection c = conn;
        conn = null;
        if (c != null) {
            c.shutdown();
        }
        store.remove(cfg.name());
    }
}
