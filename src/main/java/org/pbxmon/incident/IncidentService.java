package org.pbxmon.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.callback.CallbackDispatcher;
import org.pbxmon.incident.callback.CallbackStats;
import org.pbxmon.incident.store.JdbcIncidentStore;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident feature as one unit: the store, the engine (ticking once a second on its own thread)
 * and the callback dispatcher. No I/O in the constructor; {@link #start()} opens the store.
 */
public final class IncidentService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
    static final long TICK_MS = 1_000;
    /** How often the H2 file's size is checked, and past which size it is compacted. */
    static final long COMPACT_CHECK_MS = 10_000;
    /** How often what is older than {@code incidents.retention} is deleted. */
    static final long PRUNE_EVERY_MS = 3_600_000;
    static final long COMPACT_ABOVE_BYTES = 64L * 1024 * 1024;

    private final IncidentsConfig config;
    private final JdbcIncidentStore store;
    private final IncidentEngine engine;
    private final CallbackDispatcher dispatcher;
    private ScheduledExecutorService ticker;

    /**
     * @throws IllegalArgumentException when an active callback cannot be used as configured
     */
    public IncidentService(IncidentsConfig config, SnapshotStore snapshots, String userAgent) {
        this.config = config;
        this.store = JdbcIncidentStore.of(config.store());
        this.dispatcher = new CallbackDispatcher(config.callbacks(), store, config.agentId(), userAgent);
        this.engine = new IncidentEngine(config, snapshots, store, dispatcher::wake, System::currentTimeMillis);
        engine.callbackLines(this::lines);
    }

    /**
     * Opens the store, loads what was open, starts the rules and the deliveries. An embedded (H2)
     * store that cannot be opened stops the start (the message names the path); a shared MariaDB that
     * is down is retried in the background while the agent runs.
     */
    public synchronized IncidentService start() throws StoreException {
        try {
            engine.openStore();
        } catch (StoreException e) {
            if (IncidentsConfig.Store.H2.equals(config.store().kind())) {
                store.close();
                throw e;
            }
            log.warn("incident store {} is not reachable, retrying in the background: {}", store.describe(),
                    e.getMessage());
        }
        dispatcher.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbxmon-incidents");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::compact, COMPACT_CHECK_MS, COMPACT_CHECK_MS, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::prune, 60_000, PRUNE_EVERY_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            engine.tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.error("incident evaluation failed: {}", e.toString(), e);
        }
    }

    private void compact() {
        try {
            store.compactIfLarger(COMPACT_ABOVE_BYTES);
        } catch (StoreException | RuntimeException e) {
            log.warn("incident store compaction failed: {}", e.getMessage());
        }
    }

    private void prune() {
        try {
            long n = store.prune(System.currentTimeMillis() - config.retention().toMillis());
            if (n > 0) {
                log.info("incident store: {} row(s) older than {} deleted", n, config.retention());
            }
        } catch (StoreException | RuntimeException e) {
            log.warn("incident store retention sweep failed: {}", e.getMessage());
        }
    }

    private List<IncidentsView.CallbackLine> lines() {
        List<IncidentsView.CallbackLine> out = new ArrayList<>();
        for (Map.Entry<String, CallbackStats> e : dispatcher.stats().entrySet()) {
            CallbackStats s = e.getValue();
            out.add(new IncidentsView.CallbackLine(s.name(), s.active(), s.sent(), s.failures(), 0, null,
                    s.deadLetters(), s.lastError()));
        }
        return out;
    }

    public IncidentEngine engine() {
        return engine;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatcher.close();
        store.close();
    }
}
