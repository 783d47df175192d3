package org.pbxmon.incident.callback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.ObjectStatus;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.Transition;

/**
 * A small thread-safe in-memory {@link IncidentStore} holding only what the dispatcher and its tests use:
 * objects' final statuses and the outbox ({@link #apply} records events for transitions, as the real
 * store does; the incidents of a batch are ignored). Everything else throws. Stands in for the JDBC
 * store until it is in this tree: the tests build their store in one place ({@code DispatcherFixture}).
 */
final class MemoryOutbox implements IncidentStore {
    enum State { PENDING, DELIVERED, DEAD }

    /** One outbox row as stored. */
    static final class Row {
        final long id;
        final String eventId;
        final String callback;
        final String payload;
        final long createdMs;
        int attempts;
        long nextAttemptMs;
        String leaseOwner;
        long leaseUntilMs;
        State state = State.PENDING;
        String lastError;
        String deadReason;

        Row(long id, String eventId, String callback, String payload, long createdMs) {
            this.id = id;
            this.eventId = eventId;
            this.callback = callback;
            this.payload = payload;
            this.createdMs = createdMs;
            this.nextAttemptMs = createdMs;
        }
    }

    private final Map<String, Severity> statuses = new HashMap<>();
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public void open() {
    }

    @Override
    public synchronized List<StatusEvent> apply(Batch batch, List<String> callbacks, EventFactory events) {
        List<StatusEvent> out = new ArrayList<>();
        for (Transition t : batch.transitions()) {
            Severity before = statuses.getOrDefault(t.object().id(), Severity.OPERATIONAL);
            if (before == t.to()) {
                continue;
            }
            statuses.put(t.object().id(), t.to());
            String eventId = UUID.randomUUID().toString();
            String payload = events.payload(eventId, t.object(), before, t.to(), t.atMs());
            out.add(new StatusEvent(eventId, t.object(), before, t.to(), t.atMs(), payload));
            for (String c : callbacks) {
                long id = nextId++;
                rows.put(id, new Row(id, eventId, c, payload, t.atMs()));
            }
        }
        return out;
    }

    @Override
    public synchronized List<OutboxRow> claim(String callback, String owner, int max, long leaseMs, long nowMs) {
        List<Row> due = rows.values().stream()
                .filter(r -> r.callback.equals(callback) && r.state == State.PENDING && r.nextAttemptMs <= nowMs
                        && (r.leaseOwner == null || r.leaseUntilMs <= nowMs))
                .sorted(Comparator.comparingLong((Row r) -> r.createdMs).thenComparingLong(r -> r.id))
                .limit(Math.max(0, max))
                .toList();
        List<OutboxRow> out = new ArrayList<>();
        for (Row r : due) {
            r.leaseOwner = owner;
            r.leaseUntilMs = nowMs + leaseMs;
            out.add(new OutboxRow(r.id, r.eventId, r.callback, r.payload, r.attempts, r.createdMs));
        }
        return out;
    }

    @Override
    public synchronized void releaseAll(String owner) {
        rows.values().stream().filter(r -> owner.equals(r.leaseOwner)).forEach(r -> r.leaseOwner = null);
    }

    private Row held(long rowId, String owner) {
        Row r = rows.get(rowId);
        return r != null && r.state == State.PENDING && Objects.equals(owner, r.leaseOwner) ? r : null;
    }

    @Override
    public synchronized boolean delivered(long rowId, String owner, long nowMs) {
        Row r = held(rowId, owner);
        if (r == null) {
            return false;
        }
        r.attempts++;
        r.state = State.DELIVERED;
        r.leaseOwner = null;
        return true;
    }

    @Override
    public synchronized void retryAt(long rowId, String owner, int attempts, long nextAttemptMs, String lastError) {
        Row r = held(rowId, owner);
        if (r != null) {
            r.attempts = attempts;
            r.nextAttemptMs = nextAttemptMs;
            r.lastError = lastError;
            r.leaseOwner = null;
        }
    }

    @Override
    public synchronized void deadLetter(long rowId, String owner, int attempts, String reason, long nowMs) {
        Row r = held(rowId, owner);
        if (r != null) {
            r.attempts = attempts;
            r.state = State.DEAD;
            r.deadReason = reason;
            r.leaseOwner = null;
        }
    }

    @Override
    public synchronized Map<String, OutboxStats> outboxStats() {
        Map<String, OutboxStats> out = new HashMap<>();
        for (Row r : rows.values()) {
            OutboxStats s = out.getOrDefault(r.callback, OutboxStats.EMPTY);
            boolean pending = r.state == State.PENDING;
            Long oldest = s.oldestMs();
            if (pending && (oldest == null || r.createdMs < oldest)) {
                oldest = r.createdMs;
            }
            out.put(r.callback, new OutboxStats(s.pending() + (pending ? 1 : 0), oldest,
                    s.deadLetters() + (r.state == State.DEAD ? 1 : 0)));
        }
        return out;
    }

    /** The dead letter's reason of the row of {@code eventId} to {@code callback}, or null. */
    synchronized String deadReason(String callback, String eventId) {
        return rows.values().stream().filter(r -> r.callback.equals(callback) && r.eventId.equals(eventId))
                .map(r -> r.deadReason).findFirst().orElse(null);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }

    @Override
    public List<Incident> openIncidents() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Incident> incidentsSince(long sinceMs, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, ObjectStatus> objects() {
        throw new UnsupportedOperationException();
    }
}
