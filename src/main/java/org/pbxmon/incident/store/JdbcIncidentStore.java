package org.pbxmon.incident.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.ObjectStatus;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident store on JDBC: H2 in file mode under the state directory (the default: a fresh install
 * needs no database server), or a MariaDB that two agents share. One Flyway migration set
 * ({@code db/migration}) serves both. Every method is one transaction; a deadlock or a row the other
 * agent inserted first runs the transaction again (at most {@value #ATTEMPTS} times). A database that
 * is away makes a call fail within a few seconds with a {@link StoreException}; HikariCP reconnects
 * once it is back. The factory does no I/O; {@link #open()} does.
 */
public final class JdbcIncidentStore implements IncidentStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcIncidentStore.class);
    static final int ATTEMPTS = 3;
    static final int MAX_SINCE_LIMIT = 10_000;

    private final IncidentsConfig.Store cfg;
    private final LongSupplier clock;
    private final String description;
    private volatile HikariDataSource ds;
    /** Every transaction holds it shared; {@link #compactIfLarger} holds it alone while the file is rewritten. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock gate =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    private JdbcIncidentStore(IncidentsConfig.Store cfg, LongSupplier clock) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.clock = clock;
        this.description = IncidentsConfig.Store.MARIADB.equals(cfg.kind())
                ? Databases.redact(cfg.url())
                : "H2 file " + (cfg.stateDir() == null ? "(no state_dir)"
                        : cfg.stateDir().toAbsolutePath().normalize().resolve(Databases.H2_NAME));
    }

    /** A store for {@code cfg} (kind {@code h2} or {@code mariadb}); nothing is opened yet. */
    public static JdbcIncidentStore of(IncidentsConfig.Store cfg) {
        return new JdbcIncidentStore(cfg, System::currentTimeMillis);
    }

    /** As {@link #of}, with the clock that stamps created rows (tests). */
    static JdbcIncidentStore of(IncidentsConfig.Store cfg, LongSupplier clock) {
        return new JdbcIncidentStore(cfg, clock);
    }

    @Override
    public synchronized void open() throws StoreException {
        if (ds != null) {
            return;
        }
        String kind = cfg.kind() == null ? IncidentsConfig.Store.H2 : cfg.kind();
        HikariDataSource d = switch (kind) {
            case IncidentsConfig.Store.H2 -> Databases.openH2(cfg.stateDir());
            case IncidentsConfig.Store.MARIADB -> Databases.openMariaDb(cfg);
            default -> throw new StoreException("incidents.store.kind: unknown kind '" + kind + "' (h2 or mariadb)");
        };
        ds = d;
        LOG.info("incident store open: {}", description);
    }

    /** True when the store is open and a connection answers within a second: for /health. */
    public boolean healthy() {
        HikariDataSource d = ds;
        if (d == null) {
            return false;
        }
        try (Connection c = d.getConnection()) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<StatusEvent> apply(Batch batch, List<String> callbacks, EventFactory events) throws StoreException {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(events, "events");
        if (batch.isEmpty()) {
            return List.of();
        }
        List<String> cbs = List.copyOf(callbacks);
        return inTransaction("apply", c -> new BatchWriter(c, clock).write(batch, cbs, events));
    }

    @Override
    public List<Incident> openIncidents() throws StoreException {
        return inTransaction("open incidents", c -> incidents(c, "SELECT " + Rows.INCIDENT_COLUMNS + Rows.INCIDENT_FROM
                + " WHERE i.closed_ms IS NULL ORDER BY CASE i.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1"
                + " ELSE 2 END, i.opened_ms, i.incident_key", null, 0));
    }

    @Override
    public List<Incident> incidentsSince(long sinceMs, int limit) throws StoreException {
        int max = Math.max(0, Math.min(limit, MAX_SINCE_LIMIT));
        if (max == 0) {
            return List.of();
        }
        return inTransaction("incidents since", c -> incidents(c, "SELECT " + Rows.INCIDENT_COLUMNS + Rows.INCIDENT_FROM
                + " WHERE i.updated_ms >= ? OR i.opened_ms >= ? OR i.closed_ms >= ?"
                + " ORDER BY GREATEST(i.opened_ms, i.updated_ms, COALESCE(i.closed_ms, 0)) DESC, i.incident_key"
                + " LIMIT ?", sinceMs, max));
    }

    private static List<Incident> incidents(Connection c, String sql, Long sinceMs, int limit) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (sinceMs != null) {
                ps.setLong(1, sinceMs);
                ps.setLong(2, sinceMs);
                ps.setLong(3, sinceMs);
                ps.setInt(4, limit);
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(Rows.incident(r));
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, ObjectStatus> objects() throws StoreException {
        return inTransaction("objects", c -> {
            Map<String, ObjectStatus> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT object_id, kind, pbx, name, incident_status,"
                    + " final_status, modified_ms FROM monitored_object");
                 ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    out.put(id, new ObjectStatus(Rows.object(id, r.getString(2), r.getString(3), r.getString(4)),
                            Rows.status(r.getString(5)), Rows.status(r.getString(6)), r.getLong(7)));
                }
            }
            return out;
        });
    }

    @Override
    public List<OutboxRow> claim(String callback, String owner, int max, long leaseMs, long nowMs)
            throws StoreException {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(owner, "owner");
        if (max <= 0) {
            return List.of();
        }
        return inTransaction("claim for callback " + callback,
                c -> OutboxSql.claim(c, callback, owner, max, Math.max(1, leaseMs), nowMs));
    }

    @Override
    public void releaseAll(String owner) throws StoreException {
        int n = inTransaction("release leases", c -> OutboxSql.releaseAll(c, owner));
        if (n > 0) {
            LOG.info("incident store: released {} outbox lease(s) of {}", n, owner);
        }
    }

    @Override
    public boolean delivered(long rowId, String owner, long nowMs) throws StoreException {
        return inTransaction("mark delivered", c -> OutboxSql.delivered(c, rowId, owner, nowMs));
    }

    @Override
    public void retryAt(long rowId, String owner, int attempts, long nextAttemptMs, String lastError)
            throws StoreException {
        if (!inTransaction("schedule a retry", c -> OutboxSql.retryAt(c, rowId, owner, attempts, nextAttemptMs,
                lastError))) {
            LOG.debug("outbox row {}: retry not recorded, {} no longer holds its lease", rowId, owner);
        }
    }

    @Override
    public void deadLetter(long rowId, String owner, int attempts, String reason, long nowMs) throws StoreException {
        if (!inTransaction("dead-letter", c -> OutboxSql.deadLetter(c, rowId, owner, attempts, reason, nowMs))) {
            LOG.debug("outbox row {}: dead letter not recorded, {} no longer holds its lease", rowId, owner);
        }
    }

    @Override
    public Map<String, OutboxStats> outboxStats() throws StoreException {
        return inTransaction("outbox statistics", OutboxSql::stats);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        HikariDataSource d = ds;
        ds = null;
        if (d != null) {
            d.close(); // H2: the last connection closing closes the database file
        }
    }

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) throws StoreException {
        gate.readLock().lock();
        try {
            return inTransactionNow(what, work);
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * H2 only: when {@code incidents.mv.db} has grown past {@code maxBytes}, rewrites it without its
     * dead space ({@code SHUTDOWN COMPACT}) and reopens it. The file only grows while it is open
     * ({@code REUSE_SPACE=FALSE}, {@code WRITE_DELAY=0}: see {@link Databases#H2_OPTIONS}); calls wait
     * meanwhile (about a second). Returns true when it compacted.
     */
    public synchronized boolean compactIfLarger(long maxBytes) throws StoreException {
        if (!IncidentsConfig.Store.H2.equals(cfg.kind() == null ? IncidentsConfig.Store.H2 : cfg.kind()) || ds == null) {
            return false;
        }
        java.nio.file.Path dir = cfg.stateDir().toAbsolutePath().normalize();
        java.nio.file.Path file = dir.resolve(Databases.H2_NAME + ".mv.db");
        long before;
        try {
            before = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return false;
        }
        if (before <= maxBytes) {
            return false;
        }
        long started = System.nanoTime();
        gate.writeLock().lock();
        try {
            HikariDataSource d = ds;
            ds = null;
            d.close(); // the last connection closing closes the database
            org.h2.jdbcx.JdbcDataSource plain = new org.h2.jdbcx.JdbcDataSource();
            plain.setURL(Databases.h2Url(dir));
            plain.setUser("sa");
            plain.setPassword("");
            try (Connection c = plain.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("SHUTDOWN COMPACT");
            } catch (SQLException e) {
                LOG.warn("incident store {}: compaction failed, reopening as it is: {}", description,
                        StoreErrors.reason(e, null));
            }
            ds = Databases.openH2(dir);
        } finally {
            gate.writeLock().unlock();
        }
        long after;
        try {
            after = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            after = -1;
        }
        LOG.info("incident store {} compacted from {} to {} bytes in {} ms", description, before, after,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** Rows one retention statement deletes at a time, so that no transaction holds many locks for long. */
    static final int PRUNE_BATCH = 1_000;
    private static final List<String> PRUNE = List.of(
            "DELETE FROM outbox WHERE state = '" + OutboxSql.DELIVERED + "' AND delivered_ms < ? LIMIT " + PRUNE_BATCH,
            "DELETE FROM outbox WHERE state = '" + OutboxSql.DEAD + "' AND dead_ms < ? LIMIT " + PRUNE_BATCH,
            "DELETE FROM incident_history WHERE at_ms < ? LIMIT " + PRUNE_BATCH,
            "DELETE FROM incident WHERE closed_ms IS NOT NULL AND closed_ms < ? LIMIT " + PRUNE_BATCH);

    /**
     * Deletes what is older than {@code beforeMs} and done with: delivered and dead outbox rows,
     * history rows, closed incidents. Open incidents, object statuses and pending deliveries are never
     * deleted. Returns the rows deleted.
     */
    public long prune(long beforeMs) throws StoreException {
        long total = 0;
        for (String sql : PRUNE) {
            int n;
            do {
                n = inTransaction("retention", c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, beforeMs);
                        return ps.executeUpdate();
                    }
                });
                total += n;
            } while (n >= PRUNE_BATCH);
        }
        return total;
    }

    private <T> T inTransactionNow(String what, Work<T> work) throws StoreException {
        HikariDataSource d = ds;
        if (d == null) {
            throw new StoreException("incident store " + description + " is not open");
        }
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = d.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                last = e;
                if (!StoreErrors.retryable(e)) {
                    break;
                }
                pause(attempt);
            } catch (RuntimeException e) {
                last = e;
                break;
            }
        }
        String secret = cfg.password() == null ? null : cfg.password().reveal();
        throw new StoreException("incident store " + description + ": " + what + " failed: "
                + StoreErrors.reason(last, secret), last);
    }

    /** A short, random pause before running a transaction again, so two agents do not collide in step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken: HikariCP evicts it; nothing was committed
        }
    }
}
