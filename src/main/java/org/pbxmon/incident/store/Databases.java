package org.pbxmon.incident.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.StoreException;

/**
 * Opens the store's database: checks the state directory and the H2 file, or reaches MariaDB; runs
 * the Flyway migrations; and returns a pool. Every failure is a {@link StoreException} naming the path
 * or the URL (never the password).
 */
final class Databases {
    /** The H2 database's base name in the state directory (the file is {@code incidents.mv.db}). */
    static final String H2_NAME = "incidents";
    /**
     * H2 URL options. MODE=MariaDB and DATABASE_TO_LOWER let the one migration set run on both
     * databases; WRITE_DELAY=0 writes every commit to the file at once (default: within 500 ms, so a
     * crash could lose the last committed status change and its outbox rows); REUSE_SPACE=FALSE appends
     * every chunk at the end of the file: with space reuse, a chunk written into a gap is not found again
     * after a SIGKILL when the store header was not rewritten, so the last commits before the kill were
     * lost on restart (an acknowledged status change among them; CrashSafetyIT). The file then only
     * grows while open: {@link JdbcIncidentStore#compactIfLarger} rewrites it (IncidentService checks
     * every 10 s, past 64 MB); LOCK_TIMEOUT bounds a
     * row-lock wait like innodb_lock_wait_timeout does on MariaDB; DB_CLOSE_ON_EXIT=FALSE leaves the
     * closing to {@link JdbcIncidentStore#close()} (H2's own shutdown hook would close the database
     * under a delivery still in flight during the agent's orderly shutdown).
     */
    static final String H2_OPTIONS = ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;REUSE_SPACE=FALSE;LOCK_TIMEOUT=5000;DB_CLOSE_ON_EXIT=FALSE";
    /** Wait at most this long for a pooled connection (and for a TCP connect to MariaDB). */
    static final long CONNECT_TIMEOUT_MS = 3_000;
    /** Row-lock waits end after this many seconds (MariaDB: innodb_lock_wait_timeout). */
    static final int LOCK_WAIT_SECONDS = 5;
    /** Socket read timeout: a lock wait plus margin; a MariaDB that stops answering fails a call in this time. */
    static final long SOCKET_TIMEOUT_MS = 10_000;
    static final int H2_POOL_SIZE = 4;
    private static final String MIGRATIONS = "classpath:db/migration";
    private static final Pattern URL_USERINFO = Pattern.compile("//[^/@?]*@");
    private static final Pattern URL_SECRET_PARAM = Pattern.compile("(?i)([?&;](?:user|password|pwd)=)[^&;]*");
    private static final int H2_DATABASE_IN_USE = 90020;

    private Databases() {
    }

    /** The H2 JDBC URL of the store in {@code stateDir}. */
    static String h2Url(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().normalize().resolve(H2_NAME) + H2_OPTIONS;
    }

    /** {@code url} without user info or user and password parameters. */
    static String redact(String url) {
        if (url == null) {
            return "";
        }
        return URL_SECRET_PARAM.matcher(URL_USERINFO.matcher(url).replaceFirst("//")).replaceAll("$1******");
    }

    /** Opens (creating if needed) the H2 file in {@code stateDir}, migrates it, and pools it. */
    static HikariDataSource openH2(Path stateDir) throws StoreException {
        if (stateDir == null) {
            throw new StoreException("incidents.store.state_dir is not set");
        }
        Path dir = stateDir.toAbsolutePath().normalize();
        checkWritable(dir);
        Path file = dir.resolve(H2_NAME + ".mv.db");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new StoreException("incidents.store.state_dir: " + file + " is not a usable H2 database: not a regular file");
        }
        JdbcDataSource plain = new JdbcDataSource();
        plain.setURL(h2Url(dir));
        plain.setUser("sa");
        plain.setPassword("");
        // one plain connection first: H2's own error at once (a pool would only time out), and it keeps
        // the database open while Flyway and the pool take their connections
        try (Connection keepOpen = plain.getConnection()) {
            keepOpen.setAutoCommit(true);
            migrate(plain, "H2 file " + file);
            HikariConfig h = base("pbxmon-incidents-h2");
            h.setDataSource(plain);
            h.setMaximumPoolSize(H2_POOL_SIZE);
            h.setMinimumIdle(1);
            h.setInitializationFailTimeout(1);
            return new HikariDataSource(h);
        } catch (SQLException e) {
            if (StoreErrors.h2Code(e) == H2_DATABASE_IN_USE) {
                throw new StoreException("incidents.store.state_dir: " + file
                        + " is in use by another process (another pbxmon on the same state directory?)", e);
            }
            throw new StoreException("incidents.store.state_dir: " + file + " is not a usable H2 database: "
                    + StoreErrors.reason(e, null), e);
        } catch (RuntimeException e) {
            // HikariCP's PoolInitializationException: the database failed between the check and the pool
            throw new StoreException("incidents.store.state_dir: " + file + " is not a usable H2 database: "
                    + StoreErrors.reason(e, null), e);
        }
    }

    /** Reaches MariaDB at {@code cfg.url()}, migrates it, and returns the pool. */
    static HikariDataSource openMariaDb(IncidentsConfig.Store cfg) throws StoreException {
        if (cfg.url() == null || cfg.url().isBlank()) {
            throw new StoreException("incidents.store.url is not set (store kind mariadb)");
        }
        String where = redact(cfg.url());
        String secret = cfg.password() == null ? null : cfg.password().reveal();
        HikariConfig h = base("pbxmon-incidents-mariadb");
        h.setDriverClassName("org.mariadb.jdbc.Driver");
        h.setJdbcUrl(cfg.url());
        h.setUsername(cfg.username());
        h.setPassword(secret);
        h.setMaximumPoolSize(Math.max(2, cfg.poolSize()));
        h.setMinimumIdle(1);
        h.setInitializationFailTimeout(-1);
        h.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        h.setConnectionInitSql("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS
                + ", sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
        h.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        h.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_MS));
        HikariDataSource ds = new HikariDataSource(h);
        try {
            try (Connection c = ds.getConnection()) {
                c.isValid(1);
            } catch (SQLException e) {
                throw new StoreException("incidents.store.url: cannot reach " + where + ": " + StoreErrors.reason(e, secret), e);
            }
            migrate(ds, where);
            return ds;
        } catch (StoreException | RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private static void checkWritable(Path dir) throws StoreException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("incidents.store.state_dir: " + dir + " is not writable: it exists and is not a directory", e);
        } catch (IOException | SecurityException e) {
            throw new StoreException("incidents.store.state_dir: " + dir + " is not writable: cannot create it ("
                    + StoreErrors.reason(e, null) + ")", e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".pbxmon-write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StoreException("incidents.store.state_dir: " + dir + " is not writable ("
                    + StoreErrors.reason(e, null) + ")", e);
        }
    }

    private static HikariConfig base(String poolName) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(poolName);
        h.setAutoCommit(true);
        h.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        h.setValidationTimeout(1_000);
        return h;
    }

    /** Runs the migrations in {@code db/migration} (V1, V2, ...) that {@code ds} lacks. */
    static void migrate(DataSource ds, String where) throws StoreException {
        try {
            flyway(ds, null).migrate();
        } catch (FlywayException e) {
            throw new StoreException("incident store " + where + ": migration failed: " + StoreErrors.reason(e, null), e);
        }
    }

    /** The store's Flyway, up to {@code target} (null: the latest). */
    static Flyway flyway(DataSource ds, String target) {
        var c = Flyway.configure(Databases.class.getClassLoader())
                .dataSource(ds)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .cleanDisabled(true);
        if (target != null) {
            c = c.target(target);
        }
        return c.load();
    }
}
