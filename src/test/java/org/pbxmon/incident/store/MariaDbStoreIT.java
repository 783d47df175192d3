package org.pbxmon.incident.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.config.Secret;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StoreException;
import org.pbxmon.incident.Transition;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.MariaDb;

/**
 * The store on a real MariaDB (the shared test server): the common contract, two agents on one
 * database (an HA pair), and a database that is unreachable or goes away mid-run.
 */
class MariaDbStoreIT extends StoreContract {
    static IncidentsConfig.Store mariaDb(String url, String user, String password) {
        return new IncidentsConfig.Store(IncidentsConfig.Store.MARIADB, null, url, user, Secret.of(password), 4);
    }

    /** A fresh database and a user that may only use it (the store never needs more). */
    @Override
    IncidentsConfig.Store freshDatabase() throws SQLException {
        MariaDb m = MariaDb.shared();
        String db = m.newDatabase("inc");
        String password = "pw-" + db;
        m.exec("", "CREATE USER '" + db + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT ALL ON `" + db + "`.* TO '" + db + "'@'%'");
        return mariaDb(m.url(db), db, password);
    }

    @Override
    Connection raw(IncidentsConfig.Store cfg) throws SQLException {
        return DriverManager.getConnection(cfg.url(), cfg.username(), cfg.password().reveal());
    }

    @Override
    void migrateToV1(IncidentsConfig.Store cfg) throws Exception {
        MariaDbDataSource ds = new MariaDbDataSource(cfg.url());
        ds.setUser(cfg.username());
        ds.setPassword(cfg.password().reveal());
        Databases.flyway(ds, "1").migrate();
    }

    @Test
    void tablesAreInnoDbWithBinaryCollation() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        opened(cfg);
        assertEquals(4, count(cfg, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME IN ('monitored_object', 'incident', 'incident_history', 'outbox')"
                + " AND ENGINE = 'InnoDB' AND TABLE_COLLATION = 'utf8mb4_bin'"));
    }

    @Test
    void aLeaseThatExpiresPassesToTheOtherAgent() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore a = opened(cfg);
        JdbcIncidentStore b = opened(cfg);
        a.apply(batch(List.of(), List.of(new Transition(PBX, Severity.CRITICAL, Severity.CRITICAL, 1))),
                List.of("cb"), EVENTS);
        long id = a.claim("cb", "agent-a", 10, 30_000, 10_000).get(0).id();
        assertEquals(List.of(), b.claim("cb", "agent-b", 10, 30_000, 39_999));
        assertEquals(id, b.claim("cb", "agent-b", 10, 30_000, 40_000).get(0).id());
        assertFalse(a.delivered(id, "agent-a", 40_001), "agent-a's lease was taken over");
        assertTrue(b.delivered(id, "agent-b", 40_002));
        assertEquals(List.of(), a.claim("cb", "agent-a", 10, 30_000, 1_000_000));
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/pbxmon?sslMode=disable";
        JdbcIncidentStore store = JdbcIncidentStore.of(mariaDb(url, "pbxmon", "s3cret-pass"));
        long t0 = System.nanoTime();
        StoreException x = assertThrows(StoreException.class, store::open);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(x.getMessage().startsWith("incidents.store.url: cannot reach " + url + ": "), x.getMessage());
        assertFalse(x.getMessage().contains("s3cret-pass"), x.getMessage());
        assertTrue(ms < 30_000, "gave up after " + ms + " ms"); // ~3 s: the pool's connection timeout
        assertFalse(store.healthy());
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        IncidentsConfig.Store good = freshDatabase();
        IncidentsConfig.Store bad = mariaDb(good.url(), good.username(), "not-the-password");
        StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(bad).open());
        assertTrue(x.getMessage().startsWith("incidents.store.url: cannot reach " + good.url()), x.getMessage());
        assertTrue(x.getMessage().contains("Access denied"), x.getMessage());
        assertFalse(x.getMessage().contains("not-the-password"), x.getMessage());
    }

    @Test
    void aDatabaseThatGoesAwayFailsCallsQuicklyAndIsUsedAgainWhenBack() throws Exception {
        IncidentsConfig.Store direct = freshDatabase();
        MariaDb m = MariaDb.shared();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", m.port())) {
            String url = direct.url().replace(":" + m.port() + "/", ":" + proxy.port() + "/");
            IncidentsConfig.Store cfg = mariaDb(url, direct.username(), direct.password().reveal());
            JdbcIncidentStore s = opened(cfg);
            Transition down = new Transition(PBX, Severity.CRITICAL, Severity.CRITICAL, 1);
            assertEquals(1, s.apply(batch(List.of(), List.of(down)), List.of("cb"), EVENTS).size());

            proxy.cut();
            long t0 = System.nanoTime();
            StoreException x = assertThrows(StoreException.class, s::openIncidents);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(x.getMessage().startsWith("incident store " + url + ": open incidents failed: "), x.getMessage());
            assertTrue(ms < 30_000, "failed after " + ms + " ms"); // ~3 s: the pool's connection timeout
            Transition up = new Transition(PBX, Severity.OPERATIONAL, Severity.OPERATIONAL, 2);
            assertThrows(StoreException.class, () -> s.apply(batch(List.of(), List.of(up)), List.of("cb"), EVENTS));
            assertFalse(s.healthy());

            proxy.resume();
            Await.until(Duration.ofSeconds(60), s::healthy, true, "store healthy once the database is back");
            assertEquals(1, s.apply(batch(List.of(), List.of(up)), List.of("cb"), EVENTS).size());
            assertEquals(2, s.outboxStats().get("cb").pending());
        }
    }
}
