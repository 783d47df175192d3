package org.pbxmon.source.cel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.config.CelConfig;

/**
 * One poll of the CEL table on one connection: the newest row, the tail since the last poll, the
 * consumer's watermark and the pending rows after it. Every statement has the configured timeout.
 * Only JDBC lives here; the rules are in {@link CelRules} and the state in {@link CelTail}.
 */
final class CelPoller {
    /** What one poll found. Fields stay at their initial value when the poll failed before them. */
    static final class Cycle {
        /** The newest-row query succeeded: the database is reachable and the table readable. */
        boolean tableRead;
        long lastId;
        long lastEventEpochMs;
        /** -1 when the consumer query failed this time. */
        long consumerLastId = -1;
        /** Null when not computed (the consumer query failed). */
        CelRules.Pending pending;
        /** The consumer query's failure, when only that failed. */
        SQLException consumerError;
        int rowsRead;
        final Map<String, Double> durations = new TreeMap<>();
    }

    private final CelConfig cfg;
    private final int timeoutSeconds;
    private final String lastRowSql;
    private final String rowAtSql;
    private final String firstRowSql;
    private final String tailSql;
    private final String pendingSql;

    CelPoller(CelConfig cfg) {
        this.cfg = cfg;
        this.timeoutSeconds = (int) Math.max(1, (cfg.queryTimeout().toMillis() + 999) / 1000);
        this.lastRowSql = CelSql.sql(CelSql.LAST_ROW, cfg.table());
        this.rowAtSql = CelSql.sql(CelSql.ROW_AT, cfg.table());
        this.firstRowSql = CelSql.sql(CelSql.FIRST_ROW, cfg.table());
        this.tailSql = CelSql.sql(CelSql.TAIL, cfg.table());
        this.pendingSql = CelSql.sql(CelSql.PENDING, cfg.table());
    }

    /**
     * @param probeWatermark the consumer's last id read by an HTTP probe, null when the consumer is not
     *                       a probe; -1 when the probe has no reading (a failure of the consumer)
     */
    void poll(Connection c, CelTail tail, long nowMs, Cycle out, Long probeWatermark) throws SQLException {
        lastRow(c, out);
        out.tableRead = true;
        if (!tail.started() || out.lastId < tail.position()) {
            long t0 = System.nanoTime();
            long first = windowStart(c, out.lastId, nowMs - cfg.openCallWindow().toMillis());
            out.durations.put(CelSql.Q_WINDOW, seconds(t0));
            tail.startAfter(first - 1);
        }
        tail(c, tail, out);
        long watermark = tail.position();
        if (probeWatermark != null) {
            if (probeWatermark < 0) {
                out.consumerError = new SQLException("probe " + cfg.consumerProbe() + " has no reading of "
                        + cfg.consumerProbeMetric());
                return;
            }
            watermark = probeWatermark;
        } else if (cfg.consumerQuery() != null) {
            try {
                watermark = consumer(c, out);
            } catch (SQLException e) {
                out.consumerError = e;
                return;
            }
        }
        out.consumerLastId = watermark;
        out.pending = pending(c, watermark, out.lastId, out);
    }

    private void lastRow(Connection c, Cycle out) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(lastRowSql)) {
                if (rs.next()) {
                    out.lastId = rs.getLong(1);
                    out.lastEventEpochMs = epochMs(rs.getObject(3, LocalDateTime.class));
                }
            }
        }
        out.durations.put(CelSql.Q_LAST_ROW, seconds(t0));
    }

    /** The first id whose eventtime is within the open-call window: O(log n) key lookups, once. */
    private long windowStart(Connection c, long lastId, long cutoffMs) throws SQLException {
        if (lastId <= 0) {
            return 1;
        }
        long firstId;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(firstRowSql)) {
                if (!rs.next()) {
                    return lastId + 1;
                }
                firstId = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(rowAtSql)) {
            ps.setQueryTimeout(timeoutSeconds);
            SQLException[] failure = new SQLException[1];
            long id = CelRules.firstIdAtOrAfter(firstId, lastId, cutoffMs, at -> {
                if (failure[0] != null) {
                    return null;
                }
                try {
                    ps.setLong(1, at);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? new long[] {rs.getLong(1), epochMs(rs.getObject(2, LocalDateTime.class))} : null;
                    }
                } catch (SQLException e) {
                    failure[0] = e;
                    return null;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            return id;
        }
    }

    private void tail(Connection c, CelTail tail, Cycle out) throws SQLException {
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(tailSql)) {
            ps.setQueryTimeout(timeoutSeconds);
            while (out.rowsRead < CelSql.TAIL_MAX_PER_POLL && tail.position() < out.lastId) {
                ps.setLong(1, tail.position());
                ps.setLong(2, out.lastId);
                ps.setInt(3, CelSql.TAIL_BATCH);
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tail.accept(rs.getLong(1), rs.getString(2), epochMs(rs.getObject(3, LocalDateTime.class)),
                                rs.getString(4));
                        n++;
                    }
                }
                out.rowsRead += n;
                if (n < CelSql.TAIL_BATCH) {
                    break;
                }
            }
        }
        out.durations.put(CelSql.Q_TAIL, seconds(t0));
    }

    private long consumer(Connection c, Cycle out) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(cfg.consumerQuery())) {
                if (!rs.next()) {
                    throw new SQLException("consumer query returned no row");
                }
                Object v = rs.getObject(1);
                if (v instanceof Number n) {
                    return n.longValue();
                }
                if (v != null) {
                    try {
                        return Long.parseLong(v.toString().trim());
                    } catch (NumberFormatException e) {
                        throw new SQLException("consumer query returned a non-number");
                    }
                }
                throw new SQLException("consumer query returned NULL");
            }
        } finally {
            out.durations.put(CelSql.Q_CONSUMER, seconds(t0));
        }
    }

    private CelRules.Pending pending(Connection c, long watermark, long lastId, Cycle out) throws SQLException {
        if (watermark >= lastId) {
            return CelRules.Pending.NONE;
        }
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(pendingSql)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setLong(1, watermark);
            ps.setLong(2, lastId);
            ps.setInt(3, CelSql.PENDING_CAP);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return CelRules.pending(watermark, lastId, rs.getLong(1), rs.getLong(2), CelSql.PENDING_CAP);
            }
        } finally {
            out.durations.put(CelSql.Q_PENDING, seconds(t0));
        }
    }

    private long epochMs(LocalDateTime t) {
        return t == null ? 0 : CelRules.epochMs(t, cfg.timeZone());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
