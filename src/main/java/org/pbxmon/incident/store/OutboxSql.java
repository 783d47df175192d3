package org.pbxmon.incident.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.OutboxStats;

/**
 * The outbox statements, each run inside a transaction the caller owns. A claim reads the due rows
 * with {@code FOR UPDATE SKIP LOCKED} (MariaDB 10.6+ and H2 2.x both have it) and leases them in the
 * same transaction: a row another agent is claiming at that moment is skipped, not waited for, and
 * once leased it no longer matches until the lease expires. Every later change of a row requires the
 * caller to still hold its lease. On H2 (one process's file, so one claiming loop per callback) the due
 * ids are read first and only those rows are locked: H2 would lock every matching row.
 */
final class OutboxSql {
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";
    static final int MAX_ERROR_LENGTH = 2_000;

    private OutboxSql() {
    }

    private static final String DUE = " callback = ? AND state = ? AND next_attempt_ms <= ?"
            + " AND (lease_until_ms IS NULL OR lease_until_ms <= ?)";

    static List<OutboxRow> claim(Connection c, String callback, String owner, int max, long leaseMs, long nowMs)
            throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        List<Long> ids = null;
        if (h2(c)) {
            // H2 locks every row that matches a FOR UPDATE before it applies the LIMIT: with 10,000 rows
            // waiting, one claim of 4 took 0.5 to 1 s and wrote a lock per row, so a backlog never drained.
            // So on H2 the due ids are read first without a lock, then only those are locked (the same
            // conditions again: a row leased in between is skipped).
            ids = dueIds(c, callback, max, nowMs);
            if (ids.isEmpty()) {
                return rows;
            }
        }
        String sql = "SELECT id, event_id, callback, payload, attempts, created_ms FROM outbox WHERE" + DUE
                + (ids == null ? "" : " AND id IN (" + "?, ".repeat(ids.size() - 1) + "?)")
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindDue(ps, callback, nowMs);
            if (ids != null) {
                for (long id : ids) {
                    ps.setLong(i++, id);
                }
            }
            ps.setInt(i, max);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    rows.add(new OutboxRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5),
                            r.getLong(6)));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET lease_owner = ?, lease_until_ms = ?"
                + " WHERE id = ?")) {
            for (OutboxRow row : rows) {
                ps.setString(1, owner);
                ps.setLong(2, nowMs + leaseMs);
                ps.setLong(3, row.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    private static boolean h2(Connection c) throws SQLException {
        return "H2".equals(c.getMetaData().getDatabaseProductName());
    }

    /** Binds the {@link #DUE} parameters from index 1; returns the next index. */
    private static int bindDue(PreparedStatement ps, String callback, long nowMs) throws SQLException {
        ps.setString(1, callback);
        ps.setString(2, BatchWriter.PENDING);
        ps.setLong(3, nowMs);
        ps.setLong(4, nowMs);
        return 5;
    }

    private static List<Long> dueIds(Connection c, String callback, int max, long nowMs) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE" + DUE + " ORDER BY id LIMIT ?")) {
            ps.setInt(bindDue(ps, callback, nowMs), max);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
        }
        return ids;
    }

    static int releaseAll(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE lease_owner = ? AND state = ?")) {
            ps.setString(1, owner);
            ps.setString(2, BatchWriter.PENDING);
            return ps.executeUpdate();
        }
    }

    static boolean delivered(Connection c, long rowId, String owner, long nowMs) throws SQLException {
        // the delivery that succeeded was an attempt too (retryAt and deadLetter are given the count)
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, delivered_ms = ?,"
                + " attempts = attempts + 1, lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE id = ? AND lease_owner = ? AND state = ?")) {
            ps.setString(1, DELIVERED);
            ps.setLong(2, nowMs);
            ps.setLong(3, rowId);
            ps.setString(4, owner);
            ps.setString(5, BatchWriter.PENDING);
            return ps.executeUpdate() == 1;
        }
    }

    static boolean retryAt(Connection c, long rowId, String owner, int attempts, long nextAttemptMs, String lastError)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = ?, next_attempt_ms = ?,"
                + " last_error = ?, lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE id = ? AND lease_owner = ? AND state = ?")) {
            ps.setInt(1, attempts);
            ps.setLong(2, nextAttemptMs);
            ps.setString(3, Rows.cut(lastError, MAX_ERROR_LENGTH));
            ps.setLong(4, rowId);
            ps.setString(5, owner);
            ps.setString(6, BatchWriter.PENDING);
            return ps.executeUpdate() == 1;
        }
    }

    static boolean deadLetter(Connection c, long rowId, String owner, int attempts, String reason, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, attempts = ?, dead_reason = ?,"
                + " dead_ms = ?, lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE id = ? AND lease_owner = ? AND state = ?")) {
            ps.setString(1, DEAD);
            ps.setInt(2, attempts);
            ps.setString(3, Rows.cut(reason, MAX_ERROR_LENGTH));
            ps.setLong(4, nowMs);
            ps.setLong(5, rowId);
            ps.setString(6, owner);
            ps.setString(7, BatchWriter.PENDING);
            return ps.executeUpdate() == 1;
        }
    }

    /** Pending and dead rows per callback (delivered rows are not read: they only grow). */
    static Map<String, OutboxStats> stats(Connection c) throws SQLException {
        Map<String, OutboxStats> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT callback, state, COUNT(*), MIN(created_ms) FROM outbox"
                + " WHERE state IN (?, ?) GROUP BY callback, state")) {
            ps.setString(1, BatchWriter.PENDING);
            ps.setString(2, DEAD);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String cb = r.getString(1);
                    OutboxStats s = out.getOrDefault(cb, OutboxStats.EMPTY);
                    if (BatchWriter.PENDING.equals(r.getString(2))) {
                        s = new OutboxStats(r.getLong(3), r.getLong(4), s.deadLetters());
                    } else {
                        s = new OutboxStats(s.pending(), s.oldestMs(), r.getLong(3));
                    }
                    out.put(cb, s);
                }
            }
        }
        return out;
    }
}
