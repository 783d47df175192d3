package org.pbxmon.source.ami;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.logging.RepeatFilter;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one PBX's live state from one AMI session and publishes it as snapshots.
 *
 * <p>Threads: the session's reader ({@link AmiConnection}) splits the stream and queues the events that
 * change the state; a pump applies them with the {@link AmiEventReducer}; a control thread connects
 * (with {@link Backoff}), syncs, pings and resyncs; a publish thread turns the state into an immutable
 * {@link PbxSnapshot}. The constructor does no I/O; nothing here ever blocks a scrape.
 */
public final class AmiSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(AmiSource.class);
    static final long DROP_QUIET_MS = 500;
    /** A session that stayed up this long resets the reconnect backoff. */
    static final long HEALTHY_MS = 60_000;
    static final int QUEUE_CAPACITY = 20_000;

    private final PbxConfig cfg;
    private final SnapshotStore store;
    private final long publishMs;
    private final PbxState state;
    private final TrunkClassifier classifier;
    private final WireStats wire = new WireStats(this::requestResync);
    private final AmiEventReducer reducer;
    /** Event copies, or for RTCP reports just their lean sample, handed over by the reader a read at a time. */
    private final EventBatches queue = new EventBatches(QUEUE_CAPACITY);
    private final Backoff backoff;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong statusVersion = new AtomicLong();
    /** Events applied to the state (benchmarks read it). */
    final AtomicLong applied = new AtomicLong();
    private ScheduledExecutorService exec;
    private Thread pump;
    /** Tests slow event application down to make the event queue overflow; 0 in production. */
    volatile long applyDelayNanosForTest;

    private volatile AmiConnection conn;
    private volatile boolean connected;
    private volatile boolean synced;
    private volatile boolean resyncRequested;
    private volatile String lastError = "";
    private volatile List<CollectorResult> collectors = List.of();
    private final CollectorSchedule schedule;
    private volatile boolean everConnected;
    private long sessionStartMs;
    private long nextAttemptMs;
    private long nextResyncMs;
    private long nextPingMs;
    private int lostInARow;
    private volatile PbxState.View view;
    private long publishedVersion = -1;
    private List<Long> publishedStatus = List.of();
    private long lastPublishMs;

    public AmiSource(PbxConfig cfg, SnapshotStore store, Duration publishInterval) {
        this.state = new PbxState(cfg.quality(), cfg.ami().username());
        this.reducer = new AmiEventReducer(state, System::currentTimeMillis);
        this.cfg = cfg;
        this.store = store;
        this.publishMs = Math.max(10, publishInterval.toMillis());
        this.classifier = new TrunkClassifier(cfg.trunks());
        this.backoff = new Backoff(cfg.ami().reconnectBackoffMax().toMillis());
        this.schedule = new CollectorSchedule(cfg.ami().resyncInterval().toMillis());
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
        store.publish(PbxSnapshot.initial(cfg.name(), cfg.ami().describe()));
        exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "pbxmon-ami-" + cfg.name());
            t.setDaemon(true);
            return t;
        });
        pump = new Thread(this::pumpLoop, "pbxmon-ami-pump-" + cfg.name());
        pump.setDaemon(true);
        pump.start();
        exec.scheduleWithFixedDelay(this::control, 0, 50, TimeUnit.MILLISECONDS);
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
            AmiConnection c = conn;
            if (c == null || c.lost()) {
                if (c != null) {
                    sessionLost(c, now);
                }
                if (now < nextAttemptMs || !connect()) {
                    return;
                }
                c = conn; // logged in: sync at once rather than at the next tick
                now = System.currentTimeMillis();
            }
            if (now - sessionStartMs >= HEALTHY_MS) {
                backoff.reset();
                lostInARow = 0;
            }
            if (synced && (now >= nextResyncMs || (resyncRequested && now - wire.lastDropMs > DROP_QUIET_MS))) {
                sync(c, schedule.due(now, true), true);
                return;
            }
            List<String> due = schedule.due(now, false);
            if (!due.isEmpty()) {
                sync(c, due, false);
                return;
            }
            if (now >= nextPingMs) {
                ping(c);
            }
        } catch (RuntimeException e) {
            log.warn("PBX {}: control loop error: {}", cfg.name(), e.toString());
        }
    }

    /** Connects and logs in; true when the session is up. */
    private boolean connect() {
        AmiConnection c = new AmiConnection(cfg.name(), cfg.ami(), wire, new AmiConnection.Listener() {
            /** This session's events of the current read (its reader thread only). */
            private final List<Object> read = new ArrayList<>(512);

            @Override
            public void onEvent(AmiMessage event) {
                Object item = AmiEventReducer.intake(event);
                if (item != null) {
                    read.add(item);
                }
            }

            @Override
            public void onEventsEnd() {
                for (int dropped = queue.handOver(read); dropped > 0; dropped--) {
                    wire.dropped();
                }
            }

            @Override
            public void onLost(String why) {
                statusVersion.incrementAndGet();
            }
        });
        try {
            c.open();
            queue.clear();
            conn = c;
            connected = true;
            synced = false;
            schedule.newSession();
            lastError = "";
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            everConnected = true;
            sessionStartMs = System.currentTimeMillis();
            nextPingMs = sessionStartMs + cfg.ami().pingInterval().toMillis();
            log.info("PBX {}: AMI session up ({})", cfg.name(), cfg.ami().describe());
            statusVersion.incrementAndGet();
            return true;
        } catch (AmiConnection.AuthFailed e) {
            failed(e.getMessage());
        } catch (Exception e) {
            failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        statusVersion.incrementAndGet();
        return false;
    }

    private void failed(String why) {
        long delay = backoff.next();
        if (!why.equals(lastError)) {
            log.warn(RepeatFilter.CHANGE, "PBX {}: cannot connect to AMI at {}: {} (retrying in {} ms, backoff up to {} s)", cfg.name(),
                    cfg.ami().describe(), why, delay, cfg.ami().reconnectBackoffMax().toSeconds());
        }
        lastError = why;
        nextAttemptMs = System.currentTimeMillis() + delay;
    }

    private void sessionLost(AmiConnection c, long now) {
        c.close();
        conn = null;
        connected = false;
        synced = false;
        long delay = backoff.next();
        boolean healthy = now - sessionStartMs >= HEALTHY_MS;
        lastError = "AMI session lost";
        if (healthy || lostInARow == 0) {
            log.warn(RepeatFilter.CHANGE, "PBX {}: AMI session to {} lost after {} s; reconnecting in {} ms", cfg.name(), cfg.ami().describe(),
                    (now - sessionStartMs) / 1000, delay);
        } else {
            log.debug("PBX {}: AMI session lost again ({} in a row); reconnecting in {} ms", cfg.name(), lostInARow + 1, delay);
        }
        lostInARow = healthy ? 1 : lostInARow + 1;
        nextAttemptMs = now + delay;
        statusVersion.incrementAndGet();
    }

    private void sync(AmiConnection c, List<String> names, boolean full) {
        if (full || names.size() == AmiSync.COLLECTORS.size()) {
            resyncRequested = false;
        }
        pending.incrementAndGet();
        long t0 = System.nanoTime();
        AmiSync sync = new AmiSync(c, state, System::currentTimeMillis, cfg.ami().responseTimeout().toMillis(),
                schedule.absent());
        try {
            for (String name : names) {
                if (c.lost()) {
                    return;
                }
                CollectorResult r = sync.run(name);
                if (schedule.record(name, r, System.currentTimeMillis())) {
                    log.warn("PBX {}: collector {} failed: {} (retrying on its own backoff)", cfg.name(), name, r.error());
                }
                collectors = schedule.results();
            }
        } finally {
            pending.decrementAndGet();
        }
        List<CollectorResult> ordered = schedule.results();
        collectors = ordered;
        boolean ok = ordered.stream().allMatch(CollectorResult::success);
        String err = ordered.stream().filter(r -> !r.success()).map(r -> r.collector() + ": " + r.error()).findFirst()
                .orElse(null);
        double secs = (System.nanoTime() - t0) / 1e9;
        store.timers().record("ami_resync:" + cfg.name(), System.currentTimeMillis() - (long) (secs * 1000), secs, err);
        if (full) {
            resyncs.incrementAndGet();
            nextResyncMs = System.currentTimeMillis() + cfg.ami().resyncInterval().toMillis();
        }
        if (!synced && ok && schedule.allRun()) {
            synced = true;
            nextResyncMs = System.currentTimeMillis() + cfg.ami().resyncInterval().toMillis();
            log.info("PBX {}: synced in {} ms", cfg.name(), System.currentTimeMillis() - sessionStartMs);
        }
        statusVersion.incrementAndGet();
        publish();
    }

    private void ping(AmiConnection c) {
        nextPingMs = System.currentTimeMillis() + cfg.ami().pingInterval().toMillis();
        pending.incrementAndGet();
        try {
            c.send(AmiAction.of("Ping"), cfg.ami().responseTimeout().toMillis());
        } catch (Exception e) {
            long silentMs = System.currentTimeMillis() - wire.lastReadMs;
            if (silentMs > cfg.ami().responseTimeout().toMillis()) {
                log.warn("PBX {}: no answer to Ping and nothing read for {} ms; closing half-open session",
                        cfg.name(), silentMs);
                c.close();
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    // ---- pump thread

    private void pumpLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            Object[] batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            for (long until = System.nanoTime() + applyDelayNanosForTest * batch.length; System.nanoTime() < until;) {
                Thread.onSpinWait(); // a slow pump (tests), slow outside the lock so that publishing goes on
            }
            synchronized (state) { // one lock for the batch; each mutation then re-enters it cheaply
                for (Object m : batch) {
                    applyOne(m);
                }
            }
            applied.addAndGet(batch.length);
            queue.applied(batch);
        }
    }

    private void applyOne(Object item) {
        if (item instanceof org.pbxmon.source.ami.quality.RtcpReportParser.Sample r) {
            reducer.rtcp(r);
            return;
        }
        try {
            AmiEventReducer.Outcome o = reducer.apply((AmiMessage) item);
            // Asterisk greets every new session with FullyBooted: during the first sync that one needs no
            // second sync; after it, a FullyBooted means the PBX finished booting while we watched.
            if (o == AmiEventReducer.Outcome.RESYNC || (o == AmiEventReducer.Outcome.BOOTED && synced)) {
                requestResync();
            }
        } catch (RuntimeException e) {
            // the reducer is total; this is a bug, and the next resync repairs the state
            log.debug("PBX {}: event not applied: {}", cfg.name(), e.toString());
            requestResync();
        }
    }

    // ---- publish thread

    private synchronized void publish() {
        try {
            boolean live = connected && synced;
            long v = state.version();
            // a tuple, not a sum: a sum lets "status +1, live 1 -> 0" cancel out and hide a short outage
            List<Long> sv = List.of(statusVersion.get(), wire.events.get() / 1000, wire.dropped.get(),
                    wire.malformedTotal(), connected ? 1L : 0L, live ? 1L : 0L);
            long now = System.currentTimeMillis();
            if (v == publishedVersion && sv.equals(publishedStatus) && now - lastPublishMs < 1000) {
                return;
            }
            PbxState.View vw = view;
            if (live) {
                lastLiveMs = now;
            }
            if (live || vw == null) {
                // while not synced the last view is kept as it was: nothing ages, nothing stale is refreshed
                vw = state.view(classifier, now, cfg.stuckCallThreshold().toMillis());
                view = vw;
            }
            AmiStatus ami = new AmiStatus(connected, live, wire.lastEventMs, wire.events.get(), wire.dropped.get(),
                    wire.malformedByReason(), reconnects.get(), resyncs.get(), pending.get(), lastError);
            if (live) {
                store.publishChannels(cfg.name(), state.activeChannels());
            }
            store.publish(new PbxSnapshot(cfg.name(), cfg.ami().describe(), ami, vw.core(), vw.calls(),
                    vw.endpoints(), vw.registrations(), vw.queues(), collectors, live ? now : lastPublishedLiveMs(now),
                    vw.quality()));
            publishedVersion = vw.version();
            publishedStatus = sv;
            lastPublishMs = now;
        } catch (RuntimeException e) {
            log.warn("PBX {}: snapshot failed: {}", cfg.name(), e.toString());
        }
    }

    private long lastLiveMs;

    private long lastPublishedLiveMs(long now) {
        return lastLiveMs == 0 ? now : lastLiveMs;
    }

    @Override
    public synchronized void close() {
        if (exec != null) {
            exec.shutdownNow();
            exec = null;
        }
        if (pump != null) {
            pump.interrupt();
            pump = null;
        }
        AmiConnection c = conn;
        conn = null;
        if (c != null) {
            try {
                c.send(AmiAction.of("Logoff"), 200); // a goodbye, so Asterisk logs a clean logoff
            } catch (java.io.IOException | RuntimeException ignored) {
                // already gone, or slow: closing anyway
            }
            c.close();
        }
        store.remove(cfg.name());
    }
}
