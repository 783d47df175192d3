package org.pbxmon.incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes incidents from the built-in rules and from Alertmanager, keeps every object's final
 * status, and records each status change with its outbox rows in the store, in one transaction.
 *
 * <p>Memory holds the truth of the moment; the store holds what must survive. When the store is down,
 * batches wait in order in a bounded queue ({@code pending_limit}); when that is full, rule changes are
 * dropped and counted and a reconcile brings the store in line with memory once it is back, while
 * Alertmanager notifications are refused with BUSY (Alertmanager retries them). All methods are
 * serialised on this object; {@link #tick(long)} runs once a second on the agent's incident thread.
 */
public final class IncidentEngine implements AlertSink, IncidentQueries {
    private static final Logger log = LoggerFactory.getLogger(IncidentEngine.class);
    /**
     * The intake publishes the view at most this often: building it costs a pass over every object, too
     * much for every notification of a burst. The tick publishes once a second whatever happened.
     */
    static final long PUBLISH_MIN_MS = 250;

    private final IncidentsConfig config;
    private final SnapshotStore snapshots;
    private final IncidentStore store;
    private final Rules rules;
    private final Debouncer debouncer;
    private final AlertMapper alerts;
    private final ObjectCatalog catalog;
    private final List<String> callbackNames;
    private final Runnable onEvents;
    private final LongSupplier clock;
    private final Map<String, Incident> open = new LinkedHashMap<>();
    private final Map<String, ObjectStatus> statuses = new HashMap<>();
    private final Deque<Batch> pending = new ArrayDeque<>();
    private volatile Supplier<Map<String, Long>> alertsReceived = Map::of;
    private volatile Supplier<Map<String, Long>> alertsRejected = Map::of;
    private volatile Supplier<List<IncidentsView.CallbackLine>> callbackLines = List::of;
    private boolean opened;
    private boolean reconcile;
    private boolean storeUp;
    private long storeErrors;
    private long dropped;
    private long eventsRecorded;
    private Map<String, OutboxStats> outbox = Map.of();
    private long lastOpenAttempt = Long.MIN_VALUE;
    private long publishedMs = Long.MIN_VALUE / 2;

    /**
     * @param onEvents called after status events were recorded (wakes the callback dispatcher)
     */
    public IncidentEngine(IncidentsConfig config, SnapshotStore snapshots, IncidentStore store, Runnable onEvents,
            LongSupplier clock) {
        this.config = config;
        this.snapshots = snapshots;
        this.store = store;
        this.rules = new Rules(config);
        this.debouncer = new Debouncer(config);
        this.alerts = new AlertMapper(config.alertmanager());
        this.catalog = new ObjectCatalog(config, snapshots);
        this.callbackNames = config.callbacks().stream().filter(IncidentsConfig.Callback::active)
                .map(IncidentsConfig.Callback::name).toList();
        this.onEvents = onEvents;
        this.clock = clock;
    }

    /** Where the intake's counts come from: alerts received by status, notifications refused by reason. */
    public void alertCounts(Supplier<Map<String, Long>> received, Supplier<Map<String, Long>> rejected) {
        this.alertsReceived = received;
        this.alertsRejected = rejected;
    }

    /** Where the per-callback delivery figures come from (the dispatcher). */
    public void callbackLines(Supplier<List<IncidentsView.CallbackLine>> lines) {
        this.callbackLines = lines;
    }

    /**
     * Opens the store and loads what was open before. Throws when it cannot; the caller decides whether
     * that stops the start (an embedded H2 store) or is retried by {@link #tick} (a shared MariaDB).
     */
    public synchronized void openStore() throws StoreException {
        lastOpenAttempt = clock.getAsLong();
        store.open();
        load();
    }

    private void load() throws StoreException {
        Map<String, ObjectStatus> stored = store.objects();
        List<Incident> storedOpen = store.openIncidents();
        if (!pending.isEmpty() || !open.isEmpty() || !statuses.isEmpty()) {
            reconcile = true; // memory went ahead while the store was away
        } else {
            statuses.putAll(stored);
            for (Incident i : storedOpen) {
                open.put(i.key(), i);
                if (Incident.RULE.equals(i.origin())) {
                    debouncer.restore(new Condition(i.rule(), i.object(), i.severity(), i.summary(), i.labels()),
                            i.openedMs());
                }
            }
        }
        opened = true;
        storeUp = true;
        log.info("incident store {} open: {} open incident(s), {} object status(es)", store.describe(),
                storedOpen.size(), stored.size());
    }

    /** One evaluation: rules, debounce, store writes and retries, and the published view. */
    public synchronized void tick(long nowMs) {
        if (!opened && nowMs - lastOpenAttempt >= 5_000) {
            lastOpenAttempt = nowMs;
            try {
                store.open();
                load();
            } catch (StoreException e) {
                storeFailed(e);
            }
        }
        if (config.enabled()) {
            Map<String, CelStatus> cel = new HashMap<>();
            snapshots.allCel().forEach(c -> cel.put(c.pbx(), c));
            Map<String, Condition> firing = debouncer.step(rules.evaluate(snapshots.all(), cel, snapshots.probes()),
                    nowMs);
            List<Incident> changes = new ArrayList<>();
            for (Condition c : firing.values()) {
                Incident was = open.get(c.key());
                if (was == null || was.severity() != c.severity()) {
                    changes.add(new Incident(c.key(), c.object(), Incident.RULE, c.rule(), c.severity(), c.summary(),
                            was == null ? nowMs : was.openedMs(), nowMs, null, c.labels()));
                }
            }
            for (Incident i : open.values()) {
                if (Incident.RULE.equals(i.origin()) && !firing.containsKey(i.key())) {
                    changes.add(i.closed(nowMs));
                }
            }
            if (!changes.isEmpty()) {
                step(changes, nowMs);
            }
        }
        flush();
        if (storeUp && opened) {
            try {
                outbox = store.outboxStats();
            } catch (StoreException e) {
                storeFailed(e);
            }
        }
        publish(nowMs);
    }

    @Override
    public synchronized Result accept(List<Alert> list) {
        if (!config.enabled()) {
            return Result.DISABLED;
        }
        if (pending.size() >= config.pendingLimit()) {
            return Result.BUSY;
        }
        long now = clock.getAsLong();
        Map<String, Incident> changes = new LinkedHashMap<>();
        for (Alert a : list) {
            String key = AlertMapper.key(a);
            Incident was = changes.containsKey(key) ? changes.get(key) : open.get(key);
            if (a.firing()) {
                Incident next = alerts.firing(a, was != null && was.open() ? was : null, now);
                if (!AlertMapper.same(was, next)) {
                    changes.put(key, next);
                }
            } else if (was != null && was.open()) {
                long at = a.endsAt() != null && a.endsAt() <= now ? Math.max(a.endsAt(), was.openedMs()) : now;
                changes.put(key, was.closed(at));
            }
        }
        if (!changes.isEmpty()) {
            step(new ArrayList<>(changes.values()), now);
            flush();
            if (now - publishedMs >= PUBLISH_MIN_MS || now < publishedMs) {
                publish(now); // else the next tick publishes, within a second
            }
        }
        return Result.ACCEPTED;
    }

    /** Applies incident changes to memory, derives the status transitions, and writes them as one batch. */
    private void step(List<Incident> changes, long nowMs) {
        Map<String, ObjectRef> touched = new LinkedHashMap<>();
        Map<String, Severity> cause = new HashMap<>();
        for (Incident i : changes) {
            if (i.open()) {
                Incident before = open.put(i.key(), i);
                if (before != null && !before.object().equals(i.object())) {
                    touched.put(before.object().id(), before.object());
                }
                cause.put(i.object().id(), i.severity());
            } else {
                open.remove(i.key());
                cause.putIfAbsent(i.object().id(), Severity.OPERATIONAL);
            }
            touched.put(i.object().id(), i.object());
        }
        Map<ObjectRef, Severity> worst = new HashMap<>(); // one pass over the open incidents, not one per object
        for (ObjectRef r : touched.values()) {
            worst.put(r, Severity.OPERATIONAL);
        }
        for (Incident i : open.values()) {
            worst.computeIfPresent(i.object(), (r, s) -> Severity.worst(s, i.severity()));
        }
        List<Transition> transitions = new ArrayList<>();
        for (ObjectRef r : touched.values()) {
            Severity fin = worst.get(r);
            ObjectStatus was = statuses.get(r.id());
            Severity before = was == null ? Severity.OPERATIONAL : was.finalStatus();
            if (fin != before) {
                Severity incidentStatus = fin == Severity.OPERATIONAL ? Severity.OPERATIONAL
                        : cause.getOrDefault(r.id(), fin);
                statuses.put(r.id(), new ObjectStatus(r, incidentStatus, fin, nowMs));
                transitions.add(new Transition(r, incidentStatus, fin, nowMs));
                log.info(org.pbxmon.logging.RepeatFilter.CHANGE, "{} is now {} (was {})", r.id(), fin.label(),
                        before.label());
            }
        }
        Batch b = new Batch(changes, transitions);
        if (pending.size() >= config.pendingLimit()) {
            dropped++;
            reconcile = true;
            return;
        }
        pending.addLast(b);
    }

    private Severity worst(ObjectRef r) {
        Severity s = Severity.OPERATIONAL;
        for (Incident i : open.values()) {
            if (i.object().equals(r)) {
                s = Severity.worst(s, i.severity());
            }
        }
        return s;
    }

    /** Writes the waiting batches in order; stops at the first failure. */
    private void flush() {
        if (!opened) {
            return;
        }
        boolean recorded = false;
        while (!pending.isEmpty()) {
            try {
                List<StatusEvent> events = store.apply(pending.peekFirst(), callbackNames, this::payload);
                pending.removeFirst();
                eventsRecorded += events.size();
                recorded |= !events.isEmpty();
                storeOk();
            } catch (StoreException e) {
                storeFailed(e);
                break;
            }
        }
        if (pending.isEmpty() && reconcile) {
            try {
                List<StatusEvent> events = store.apply(reconcileBatch(), callbackNames, this::payload);
                recorded |= !events.isEmpty();
                eventsRecorded += events.size();
                reconcile = false;
                log.info("incident store {} reconciled with memory: {} status change(s) recorded", store.describe(),
                        events.size());
            } catch (StoreException e) {
                storeFailed(e);
            }
        }
        if (recorded) {
            onEvents.run();
        }
    }

    /** Everything in memory as one batch: the store's open incidents that memory closed get closed. */
    private Batch reconcileBatch() throws StoreException {
        long now = clock.getAsLong();
        List<Incident> incidents = new ArrayList<>(open.values());
        for (Incident i : store.openIncidents()) {
            if (!open.containsKey(i.key())) {
                incidents.add(i.closed(now));
            }
        }
        Set<String> ids = new HashSet<>(statuses.keySet());
        store.objects().forEach((id, s) -> {
            if (!statuses.containsKey(id)) {
                statuses.put(id, new ObjectStatus(s.object(), Severity.OPERATIONAL, worst(s.object()), now));
                ids.add(id);
            }
        });
        List<Transition> transitions = new ArrayList<>();
        for (String id : ids) {
            ObjectStatus s = statuses.get(id);
            transitions.add(new Transition(s.object(), s.incidentStatus(), s.finalStatus(), s.modifiedMs()));
        }
        return new Batch(incidents, transitions);
    }

    private String payload(String eventId, ObjectRef object, Severity previous, Severity current, long atMs) {
        ObjectStatus s = statuses.get(object.id());
        Severity incidentStatus = s == null ? current : s.incidentStatus();
        return Payloads.statusChanged(eventId, config.agentId(), catalog.view(object, s, open.values()), previous,
                current, incidentStatus, atMs);
    }

    private void storeOk() {
        if (!storeUp) {
            log.info(org.pbxmon.logging.RepeatFilter.CHANGE, "incident store {} is back; {} change(s) waited",
                    store.describe(), pending.size());
        }
        storeUp = true;
    }

    private void storeFailed(StoreException e) {
        storeErrors++;
        if (storeUp || !opened) {
            log.warn(org.pbxmon.logging.RepeatFilter.CHANGE, "incident store {} failed, changes wait in memory: {}",
                    store.describe(), e.getMessage());
        }
        storeUp = false;
    }

    private void publish(long nowMs) {
        publishedMs = nowMs;
        List<IncidentsView.OpenIncident> openLines = open.values().stream()
                .sorted(Comparator.comparing(Incident::severity).reversed().thenComparingLong(Incident::openedMs))
                .map(i -> new IncidentsView.OpenIncident(i.key(), i.object().id(), i.object().kind(), i.object().pbx(),
                        i.origin(), i.rule(),
                        i.severity().label(), i.summary(), i.openedMs()))
                .toList();
        List<IncidentsView.ObjectLine> objects = catalog.all(statuses, open.values()).stream()
                .map(v -> new IncidentsView.ObjectLine(v.object().id(), v.object().kind(), v.object().pbx(),
                        v.object().name(), v.finalStatus().label(), v.modifiedMs()))
                .toList();
        IncidentsView next = new IncidentsView(config.enabled(), store.describe(), storeUp && opened, storeErrors,
                pending.size(), dropped, openLines, objects, CallbackLines.of(config.callbacks(), callbackLines.get(), outbox, nowMs), alertsReceived.get(),
                alertsRejected.get(), nowMs);
        if (!next.sameAs(snapshots.incidents())) { // an unchanged view keeps the scrape cache warm
            snapshots.publishIncidents(next);
        }
    }

    /** Status events recorded by this engine since start. */
    public synchronized long eventsRecorded() {
        return eventsRecorded;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public synchronized List<ObjectView> objects() {
        return catalog.all(statuses, open.values());
    }

    @Override
    public synchronized List<Incident> open() {
        return open.values().stream()
                .sorted(Comparator.comparing(Incident::severity).reversed().thenComparingLong(Incident::openedMs))
                .toList();
    }

    @Override
    public List<Incident> since(long sinceMs, int limit) throws StoreException {
        return store.incidentsSince(sinceMs, limit);
    }
}
