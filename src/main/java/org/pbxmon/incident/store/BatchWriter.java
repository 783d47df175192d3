package org.pbxmon.incident.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.Transition;

/**
 * Writes one {@link Batch} on a connection whose transaction the caller commits or rolls back.
 *
 * <p>Lock order, the same in every agent so that two agents on one database do not deadlock: first
 * the row of every object the batch names, by object id (inserted as operational when missing, a
 * concurrent insert by the other agent being a no-op), then the incidents by key. Holding an object's
 * row lock serialises every write about that object, so the status read for a transition is the one
 * the other agent committed last.
 */
final class BatchWriter {
    static final String OPENED = "opened";
    static final String UPDATED = "updated";
    static final String CLOSED = "closed";
    static final String STATUS_CHANGED = "status_changed";
    static final String PENDING = "pending";

    private final Connection c;
    private final LongSupplier clock;

    BatchWriter(Connection c, LongSupplier clock) {
        this.c = c;
        this.clock = clock;
    }

    /** The stored status of one locked object row. */
    private record Locked(Severity incidentStatus, Severity finalStatus) {
    }

    List<StatusEvent> write(Batch batch, List<String> callbacks, EventFactory events) throws SQLException {
        Map<String, Locked> objects = lockObjects(batch);
        List<Incident> incidents = new ArrayList<>(batch.incidents());
        incidents.sort(Comparator.comparing(Incident::key));
        for (Incident i : incidents) {
            upsert(i);
        }
        List<Transition> transitions = new ArrayList<>(batch.transitions());
        transitions.sort(Comparator.comparing(t -> t.object().id())); // stable: one object's changes keep their order
        List<StatusEvent> out = new ArrayList<>();
        for (Transition t : transitions) {
            Locked now = objects.get(t.object().id());
            if (now.finalStatus() == t.to()) {
                continue;
            }
            StatusEvent e = record(t, now.finalStatus(), callbacks, events);
            objects.put(t.object().id(), new Locked(t.incidentStatus(), t.to()));
            out.add(e);
        }
        return out;
    }

    /** Inserts missing object rows and locks every object row the batch names, by id. */
    private Map<String, Locked> lockObjects(Batch batch) throws SQLException {
        Map<String, ObjectRef> refs = new TreeMap<>();
        batch.incidents().forEach(i -> refs.putIfAbsent(i.object().id(), i.object()));
        batch.transitions().forEach(t -> refs.putIfAbsent(t.object().id(), t.object()));
        Map<String, Locked> out = new TreeMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        long now = clock.getAsLong();
        String op = Severity.OPERATIONAL.label();
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO monitored_object (object_id, kind, pbx, name,"
                + " incident_status, final_status, modified_ms, created_ms) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"
                + " ON DUPLICATE KEY UPDATE object_id = object_id");
             PreparedStatement sel = c.prepareStatement("SELECT incident_status, final_status FROM monitored_object"
                     + " WHERE object_id = ? FOR UPDATE")) {
            for (ObjectRef o : refs.values()) {
                ins.setString(1, o.id());
                ins.setString(2, o.kind());
                ins.setString(3, o.pbx());
                ins.setString(4, o.name());
                ins.setString(5, op);
                ins.setString(6, op);
                ins.setLong(7, now);
                ins.executeUpdate();
                sel.setString(1, o.id());
                try (ResultSet r = sel.executeQuery()) {
                    if (!r.next()) {
                        throw new SQLException("object row " + o.id() + " vanished after its insert");
                    }
                    out.put(o.id(), new Locked(Rows.status(r.getString(1)), Rows.status(r.getString(2))));
                }
            }
        }
        return out;
    }

    /** Inserts or updates one incident; a history row when it opens, changes severity or summary, or closes. */
    private void upsert(Incident i) throws SQLException {
        Incident old = null;
        try (PreparedStatement sel = c.prepareStatement("SELECT " + Rows.INCIDENT_COLUMNS + Rows.INCIDENT_FROM
                + " WHERE i.incident_key = ? FOR UPDATE")) {
            sel.setString(1, i.key());
            try (ResultSet r = sel.executeQuery()) {
                if (r.next()) {
                    old = Rows.incident(r);
                }
            }
        }
        if (old == null) {
            insert(i);
            history(i.key(), i.object().id(), OPENED, i.severity(), null, null, i.summary(), null, i.openedMs());
            if (!i.open()) {
                history(i.key(), i.object().id(), CLOSED, i.severity(), null, null, i.summary(), null, i.closedMs());
            }
            return;
        }
        if (same(old, i)) {
            return;
        }
        update(i);
        if (old.open() && !i.open()) {
            history(i.key(), i.object().id(), CLOSED, i.severity(), null, null, i.summary(), null, i.closedMs());
        } else if (!old.open() && i.open()) {
            history(i.key(), i.object().id(), OPENED, i.severity(), null, null, i.summary(), null, i.openedMs());
        } else if (i.open() && (old.severity() != i.severity() || !old.summary().equals(i.summary()))) {
            history(i.key(), i.object().id(), UPDATED, i.severity(), old.severity().label(), i.severity().label(),
                    i.summary(), null, i.updatedMs());
        }
    }

    private static boolean same(Incident a, Incident b) {
        return a.object().id().equals(b.object().id()) && a.origin().equals(b.origin()) && a.rule().equals(b.rule())
                && a.severity() == b.severity() && a.summary().equals(b.summary()) && a.openedMs() == b.openedMs()
                && a.updatedMs() == b.updatedMs() && Objects.equals(a.closedMs(), b.closedMs())
                && a.labels().equals(b.labels());
    }

    private void insert(Incident i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident (object_id, origin, rule, severity, summary,"
                + " opened_ms, updated_ms, closed_ms, labels, incident_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, i);
            ps.executeUpdate();
        }
    }

    private void update(Incident i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident SET object_id = ?, origin = ?, rule = ?,"
                + " severity = ?, summary = ?, opened_ms = ?, updated_ms = ?, closed_ms = ?, labels = ?"
                + " WHERE incident_key = ?")) {
            bind(ps, i);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Incident i) throws SQLException {
        ps.setString(1, i.object().id());
        ps.setString(2, i.origin());
        ps.setString(3, i.rule());
        ps.setString(4, i.severity().label());
        ps.setString(5, i.summary());
        ps.setLong(6, i.openedMs());
        ps.setLong(7, i.updatedMs());
        Rows.setNullableLong(ps, 8, i.closedMs());
        ps.setString(9, Rows.labelsJson(i.labels()));
        ps.setString(10, i.key());
    }

    /** Updates the (locked) object, writes its history row and one outbox row per callback. */
    private StatusEvent record(Transition t, Severity previous, List<String> callbacks, EventFactory events)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE monitored_object SET incident_status = ?,"
                + " final_status = ?, modified_ms = ? WHERE object_id = ?")) {
            ps.setString(1, t.incidentStatus().label());
            ps.setString(2, t.to().label());
            ps.setLong(3, t.atMs());
            ps.setString(4, t.object().id());
            ps.executeUpdate();
        }
        String eventId = "evt_" + UUID.randomUUID();
        String payload = Objects.requireNonNull(events.payload(eventId, t.object(), previous, t.to(), t.atMs()),
                "the event factory returned no payload");
        history(null, t.object().id(), STATUS_CHANGED, t.incidentStatus(), previous.label(), t.to().label(), null,
                eventId, t.atMs());
        if (!callbacks.isEmpty()) {
            long now = clock.getAsLong();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (event_id, callback, payload, state,"
                    + " attempts, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, 0, ?, ?)")) {
                for (String cb : callbacks) {
                    ps.setString(1, eventId);
                    ps.setString(2, cb);
                    ps.setString(3, payload);
                    ps.setString(4, PENDING);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new StatusEvent(eventId, t.object(), previous, t.to(), t.atMs(), payload);
    }

    private void history(String key, String objectId, String what, Severity severity, String from, String to,
            String summary, String eventId, long atMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_history (incident_key, object_id, what,"
                + " severity, from_status, to_status, summary, event_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, objectId);
            ps.setString(3, what);
            ps.setString(4, severity == null ? null : severity.label());
            ps.setString(5, from);
            ps.setString(6, to);
            ps.setString(7, summary);
            ps.setString(8, eventId);
            ps.setLong(9, atMs);
            ps.executeUpdate();
        }
    }
}
