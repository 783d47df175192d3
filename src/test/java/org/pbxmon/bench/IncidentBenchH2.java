package org.pbxmon.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The storage floor of {@link IncidentBench}: raw JDBC on an H2 file opened with the agent's URL options
 * (WRITE_DELAY=0: every commit written at once), one connection, no pool, no engine. A transaction inserts
 * one outbox-like row (event id, callback, a 1 KB payload) per status change and commits.
 */
final class IncidentBenchH2 {
    /** The options of {@code org.pbxmon.incident.store.Databases.H2_OPTIONS}. */
    static final String OPTIONS = ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=5000;DB_CLOSE_ON_EXIT=FALSE";
    private static final String PAYLOAD = "x".repeat(1_000);

    private IncidentBenchH2() {
    }

    /** Paced floor: p50/p99 of one commit of {@code rows} rows, {@code perSecond} transactions, in ms. */
    record Floor(int transactions, double p50, double p99, double singleRowCommitsPerSecond) {
    }

    static Floor run(Path dir, int transactions, double perSecond, int rows, long flatOutMs) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("floor") + OPTIONS, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE outbox (id BIGINT NOT NULL AUTO_INCREMENT, event_id VARCHAR(64) NOT NULL,"
                        + " callback VARCHAR(64) NOT NULL, payload MEDIUMTEXT NOT NULL, state VARCHAR(16) NOT NULL,"
                        + " created_ms BIGINT NOT NULL, PRIMARY KEY (id))");
                s.execute("CREATE INDEX idx_outbox_claim ON outbox (callback, state, id)");
            }
            c.setAutoCommit(false);
            long seq = 0;
            long period = (long) (1e9 / perSecond);
            long[] lat = new long[transactions];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (event_id, callback, payload, state,"
                    + " created_ms) VALUES (?, 'hook', ?, 'pending', ?)")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < transactions; i++) {
                    long at = t0 + i * period;
                    long wait;
                    while ((wait = at - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long start = System.nanoTime();
                    for (int r = 0; r < rows; r++) {
                        insert(ps, seq++);
                    }
                    c.commit();
                    lat[i] = System.nanoTime() - start;
                }
                long n = 0;
                long end = System.nanoTime() + flatOutMs * 1_000_000;
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    insert(ps, seq++);
                    c.commit();
                    n++;
                }
                double singles = n / ((System.nanoTime() - start) / 1e9);
                Arrays.sort(lat);
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
                    r.next();
                    if (r.getLong(1) != seq) {
                        throw new IllegalStateException("floor: " + r.getLong(1) + " rows, expected " + seq);
                    }
                }
                return new Floor(transactions, IncidentBenchLoad.pct(lat, 50), IncidentBenchLoad.pct(lat, 99), singles);
            }
        }
    }

    private static void insert(PreparedStatement ps, long seq) throws SQLException {
        ps.setString(1, "evt_" + seq);
        ps.setString(2, PAYLOAD);
        ps.setLong(3, System.currentTimeMillis());
        ps.executeUpdate();
    }

    /** Status-change history rows in an agent's H2 store (opened after the agent stopped). */
    static long statusChanges(Path stateDir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + stateDir.resolve("incidents") + OPTIONS
                + ";ACCESS_MODE_DATA=r", "sa", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM incident_history WHERE what = 'status_changed'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
