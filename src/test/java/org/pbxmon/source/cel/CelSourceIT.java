package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.CelConfig;
import org.pbxmon.export.CelAge;
import org.pbxmon.export.prometheus.PrometheusExporter;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.export.zabbix.ZabbixEndpoints;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.web.DbHealthHandler;
import org.slf4j.LoggerFactory;

/** The CEL source against a real MariaDB (the run's shared server), polled one cycle at a time. */
class CelSourceIT {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SnapshotStore store = new SnapshotStore();

    private CelSource source(CelConfig cfg) {
        return new CelSource("main", cfg, store);
    }

    @Test
    void watermarkFromAnItgrixProbe() throws Exception {
        CelDb db = new CelDb("cel_probe").withSample(UTC);
        CelConfig base = db.config(UTC, null);
        CelConfig cfg = new CelConfig(base.url(), base.username(), base.password(), base.table(), base.timeZone(),
                base.pollInterval(), base.queryTimeout(), base.connectTimeout(), base.poolSize(), null,
                base.openCallWindow(), base.stallWindow(), "itgrix", "connector_cel_last_id");
        try (CelSource s = source(cfg)) {
            // no probe reading yet: the consumer is failing, CEL figures go on
            CelStatus st = s.pollOnce();
            assertTrue(st.dbUp());
            assertEquals("probe", st.consumer());
            assertTrue(st.error().startsWith("consumer probe: probe itgrix has no reading"), st.error());
            assertEquals(154, st.lastId());
            // the Itgrix probe read app.pbx.last_id = 120
            store.publishProbe(new org.pbxmon.model.ProbeStatus("itgrix", "http", "itgrix", "http://127.0.0.1/status",
                    true, "", 0.01, System.currentTimeMillis(), 1, Map.of(), List.of(), "", null, null, null,
                    List.of(new org.pbxmon.model.ProbeStatus.Sample("connector_cel_last_id", false, false, "h", List.of(), 120)),
                    null));
            st = s.pollOnce();
            assertEquals("", st.error());
            assertEquals(120, st.consumerLastId());
            assertEquals(34, st.pendingEvents());
        }
    }

    @Test
    void depthAgainstAConsumerWatermark() throws Exception {
        CelDb db = new CelDb("cel_depth").withSample(UTC);
        db.server.exec(db.name, "CREATE TABLE connector_state (name VARCHAR(20) PRIMARY KEY, last_id INT NOT NULL)",
                "INSERT INTO connector_state VALUES ('cel', 100)");
        db.server.exec("", "GRANT SELECT ON `" + db.name + "`.connector_state TO '" + CelDb.RO_USER + "'@'%'");
        try (CelSource s = source(db.config(UTC, "SELECT last_id FROM connector_state WHERE name = 'cel'"))) {
            CelStatus st = s.pollOnce();
            assertEquals("", st.error());
            assertTrue(st.dbUp());
            assertEquals(154, st.lastId());
            assertEquals("sql", st.consumer());
            assertEquals(100, st.consumerLastId());
            assertEquals(54, st.pendingEvents());
            assertEquals(CelDb.sampleCallsAfter(100), st.pendingCalls());
            assertTrue(st.pendingCalls() > 1);
            assertEquals(st, store.cel("main"));

            db.server.exec(db.name, "UPDATE connector_state SET last_id = 154");
            st = s.pollOnce();
            assertEquals(0, st.pendingEvents());
            assertEquals(0, st.pendingCalls());

            // a deep queue: counted exactly up to 10,000 rows, then MAX(id) - watermark
            for (int i = 0; i < 7; i++) {
                db.server.exec(db.name, "INSERT INTO cel (" + CelDb.COLUMNS_NO_ID + ") SELECT " + CelDb.COLUMNS_NO_ID + " FROM cel");
            }
            long max = db.scalar("SELECT MAX(id) FROM cel");
            assertTrue(max - 154 > CelSql.PENDING_CAP);
            st = s.pollOnce();
            assertEquals(max, st.lastId());
            assertEquals(max - 154, st.pendingEvents());
            assertEquals(12, st.pendingCalls());
            // a broken consumer query: CEL figures go on, the error says what failed
            db.server.exec(db.name, "DROP TABLE connector_state");
            long id = db.insert("CHAN_START", LocalDateTime.now(UTC), "x.1");
            st = s.pollOnce();
            assertTrue(st.dbUp());
            assertTrue(st.error().startsWith("consumer query: "), st.error());
            assertTrue(st.error().contains("connector_state"), st.error());
            assertEquals(id, st.lastId());
            assertEquals(max - 154, st.pendingEvents());
        }
        assertEquals(null, store.cel("main"));
    }

    @Test
    void theAgentsOwnTailIsTheWatermarkWhenNoConsumerIsConfigured() throws Exception {
        CelDb db = new CelDb("cel_tail").withSample(UTC);
        try (CelSource s = source(db.config(UTC, null))) {
            CelStatus st = s.pollOnce();
            assertEquals("agent", st.consumer());
            assertEquals(154, st.consumerLastId());
            assertEquals(0, st.pendingEvents());
            assertEquals(Map.of("ANSWER", 22L, "BRIDGE_ENTER", 10L, "BRIDGE_EXIT", 10L, "CHAN_END", 32L,
                    "CHAN_START", 32L, "HANGUP", 32L, "LINKEDID_END", 12L, "STREAM_BEGIN", 2L, "STREAM_END", 2L),
                    st.eventsByType());
            assertEquals(0, st.openCalls());
            assertTrue(st.lastEventAgeSeconds() >= 55 && st.lastEventAgeSeconds() < 120, "age " + st.lastEventAgeSeconds());
            db.insert("CHAN_START", LocalDateTime.now(UTC), "new.1");
            db.insert("ANSWER", LocalDateTime.now(UTC), "new.1");
            st = s.pollOnce();
            assertEquals(156, st.lastId());
            assertEquals(156, st.consumerLastId());
            assertEquals(33L, st.eventsByType().get("CHAN_START"));
            assertEquals(23L, st.eventsByType().get("ANSWER"));
            assertEquals(1, st.openCalls());
            assertTrue(st.lastEventAgeSeconds() < 30, "age " + st.lastEventAgeSeconds());
            assertTrue(st.queryDurations().keySet().containsAll(List.of("last_row", "tail", "window_start")),
                    st.queryDurations().toString());
        }
    }

    @Test
    void ageIsRightAcrossTimeZones() throws Exception {
        CelDb db = new CelDb("cel_tz");
        db.server.createCelTable(db.name, "cel");
        db.server.createReadOnlyUser(CelDb.RO_USER, CelDb.RO_PASSWORD, db.name, "cel");
        ZoneId newYork = ZoneId.of("America/New_York");
        // Asterisk in New York without usegmtime writes New York wall-clock time
        db.insert("CHAN_START", LocalDateTime.now(newYork).minusSeconds(10), "tz.1");
        try (CelSource right = source(db.config(newYork, null)); CelSource wrong = source(db.config(UTC, null))) {
            double age = right.pollOnce().lastEventAgeSeconds();
            assertTrue(age >= 9 && age < 60, "age " + age);
            double misread = wrong.pollOnce().lastEventAgeSeconds();
            double offset = -newYork.getRules().getOffset(java.time.Instant.now()).getTotalSeconds();
            assertTrue(Math.abs(misread - offset - 10) < 60, "misread age " + misread + ", offset " + offset);
        }
        // usegmtime=yes: UTC rows read as UTC; a zone ahead of UTC read as UTC would be in the future: 0, not negative
        db.insert("CHAN_START", LocalDateTime.now(ZoneId.of("Asia/Kolkata")), "tz.2");
        try (CelSource kolkataAsUtc = source(db.config(UTC, null))) {
            assertEquals(0.0, kolkataAsUtc.pollOnce().lastEventAgeSeconds());
        }
    }

    @Test
    void openCallsHaveACHanStartAndNoLinkedidEndWithinTheWindow() throws Exception {
        CelDb db = new CelDb("cel_open").withSample(UTC);
        db.server.exec(db.name, "DELETE FROM cel WHERE id > 20");
        try (CelSource s = source(db.config(UTC, null))) {
            // rows 1..20: four calls started, none ended
            assertEquals(4, s.pollOnce().openCalls());
            db.insert("LINKEDID_END", LocalDateTime.now(UTC), "1795384832.0");
            assertEquals(3, s.pollOnce().openCalls());
            // a CHAN_START written two hours ago (outside the 1 h window) is not an open call
            db.insert("CHAN_START", LocalDateTime.now(UTC).minusHours(2), "old.1");
            db.insert("CHAN_START", LocalDateTime.now(UTC), "new.2");
            assertEquals(4, s.pollOnce().openCalls());
        }
        // a restarted agent reads back the window and finds the same open calls
        try (CelSource again = source(db.config(UTC, null))) {
            assertEquals(4, again.pollOnce().openCalls());
        }
    }

    @Test
    void badCredentialsGiveAClearErrorAndNoSecretAnywhere() throws Exception {
        CelDb db = new CelDb("cel_auth").withSample(UTC);
        String wrong = "WrOng-pa55word-xyz";
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger hikari = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
        Logger driver = (Logger) LoggerFactory.getLogger("org.mariadb.jdbc");
        Level hikariLevel = hikari.getLevel();
        Level driverLevel = driver.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        hikari.setLevel(Level.DEBUG);
        driver.setLevel(Level.DEBUG);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/health/db", new DbHealthHandler(store));
        http.start();
        try (CelSource s = source(CelDb.config(db.url(), CelDb.RO_USER, wrong, "cel", UTC, null))) {
            s.start();
            Await.until(Duration.ofSeconds(10), () -> store.cel("main").updatedEpochMs() > 0, true, "first poll");
            CelStatus st = store.cel("main");
            assertFalse(st.dbUp());
            assertFalse(st.hasData());
            assertTrue(st.error().startsWith("Access denied for user '" + CelDb.RO_USER + "'"), st.error());
            HttpResponse<String> r = Http.get(http.getAddress().getPort(), "/health/db");
            assertEquals(500, r.statusCode());
            assertTrue(r.body().contains("\"result\" : \"error\""), r.body());
            assertTrue(r.body().contains("\"e\" : \"Failed to connect to database cel@main: Access denied for user"),
                    r.body());
            assertFalse(r.body().contains(wrong), r.body());
        } finally {
            http.stop(0);
            root.detachAppender(logs);
            hikari.setLevel(hikariLevel);
            driver.setLevel(driverLevel);
        }
        assertFalse(logs.list.isEmpty());
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("Access denied")));
        for (ILoggingEvent e : logs.list) {
            String text = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertFalse(text.contains(wrong), text);
            assertFalse(text.contains(CelDb.RO_PASSWORD), text);
        }
    }

    @Test
    void aMissingTableOrColumnIsNamed() throws Exception {
        CelDb db = new CelDb("cel_schema").withSample(UTC);
        db.server.createCelTable(db.name, "cel_old");
        db.server.exec(db.name, "ALTER TABLE cel_old DROP COLUMN linkedid");
        db.server.exec("", "GRANT SELECT ON `" + db.name + "`.* TO '" + CelDb.RO_USER + "'@'%'");
        try (CelSource s = source(CelDb.config(db.url(), CelDb.RO_USER, CelDb.RO_PASSWORD, "nope", UTC, null))) {
            CelStatus st = s.pollOnce();
            assertFalse(st.dbUp());
            assertTrue(st.error().contains("nope") && st.error().contains("doesn't exist"), st.error());
        }
        try (CelSource s = source(CelDb.config(db.url(), CelDb.RO_USER, CelDb.RO_PASSWORD, "cel_old", UTC, null))) {
            CelStatus st = s.pollOnce();
            assertFalse(st.dbUp());
            assertTrue(st.error().startsWith("CEL table cel_old: Unknown column 'linkedid'"), st.error());
        }
    }

    @Test
    void aDeadDatabaseKeepsTheLastGoodFiguresAndRecoversWithoutRestart() throws Exception {
        CelDb db = new CelDb("cel_dead").withSample(UTC);
        try (TcpProxy proxy = new TcpProxy(db.server.port());
             CelSource s = source(CelDb.config(db.urlVia(proxy.port()), CelDb.RO_USER, CelDb.RO_PASSWORD, "cel", UTC, null))) {
            assertEquals(154, s.pollOnce().lastId());
            proxy.down();
            CelStatus st = s.pollOnce();
            assertFalse(st.dbUp());
            assertFalse(st.success());
            assertTrue(st.hasData());
            assertEquals(154, st.lastId());
            assertEquals(32L, st.eventsByType().get("CHAN_START"));
            assertTrue(st.pollSeconds() < 5, "poll took " + st.pollSeconds());
            db.insert("CHAN_START", LocalDateTime.now(UTC), "during.1");
            proxy.up();
            Await.until(Duration.ofSeconds(15), () -> s.pollOnce().dbUp(), true, "database back");
            st = store.cel("main");
            assertEquals("", st.error());
            assertEquals(155, st.lastId());
            assertEquals(33L, st.eventsByType().get("CHAN_START"));

            // a server that accepts and never answers: the poll gives up within the timeouts
            proxy.hang();
            st = s.pollOnce();
            assertFalse(st.dbUp());
            assertTrue(st.pollSeconds() < 9, "poll took " + st.pollSeconds());
            assertEquals(155, st.lastId());
            proxy.up();
            Await.until(Duration.ofSeconds(20), () -> s.pollOnce().dbUp(), true, "database back after the hang");
        }
    }

    /**
     * An empty CEL table has no newest row, so no age: /metrics leaves the series out, /zabbix says
     * null, /status says null. 0 would read as "a row just now". The first row makes it known.
     */
    @Test
    void anEmptyTableHasNoEventAge() throws Exception {
        CelDb db = new CelDb("cel_empty");
        db.server.createCelTable(db.name, "cel");
        db.server.createReadOnlyUser(CelDb.RO_USER, CelDb.RO_PASSWORD, db.name, "cel");
        store.publish(org.pbxmon.model.PbxSnapshot.initial("main", "pbxmon@127.0.0.1:5038"));
        AgentInfo info = new AgentInfo("1.0", "abc", System.currentTimeMillis(), "id", "<test>", "stderr");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/metrics", new PrometheusExporter(store, info).handler());
        new ZabbixEndpoints(store, info).handlers().forEach(http::createContext);
        http.start();
        int port = http.getAddress().getPort();
        StatusTree status = new StatusTree(store, info);
        try (CelSource s = source(db.config(UTC, null))) {
            CelStatus st = s.pollOnce();
            assertTrue(st.dbUp(), st.error());
            assertEquals(0, st.lastId());
            assertEquals(null, CelAge.seconds(st));
            Map<String, Double> metrics = Http.parse(Http.get(port, "/metrics").body());
            assertEquals(1.0, metrics.get("asterisk_cel_db_up{pbx=\"main\"}"));
            assertEquals(0.0, metrics.get("asterisk_cel_last_id{pbx=\"main\"}"));
            assertFalse(metrics.containsKey("asterisk_cel_last_event_age_seconds{pbx=\"main\"}"), metrics.toString());
            JsonNode flat = JSON.readTree(Http.get(port, "/zabbix/pbx/main").body());
            assertTrue(flat.get("cel_last_event_age_seconds").isNull(), flat.toString());
            assertTrue(status.build().at("/app/pbx/main/cel/last_event_age_seconds").isNull());

            db.insert("CHAN_START", LocalDateTime.now(UTC).minusSeconds(5), "first.1");
            st = s.pollOnce();
            double age = CelAge.seconds(st);
            assertTrue(age >= 4 && age < 60, "age " + age);
            metrics = Http.parse(Http.get(port, "/metrics").body());
            assertEquals(age, metrics.get("asterisk_cel_last_event_age_seconds{pbx=\"main\"}"), 0.001);
            assertEquals(age, JSON.readTree(Http.get(port, "/zabbix/pbx/main").body()).path("cel_last_event_age_seconds").asDouble(),
                    0.001);
            assertEquals(Math.round(age), status.build().at("/app/pbx/main/cel/last_event_age_seconds").asLong());
        } finally {
            http.stop(0);
        }
    }

    /**
     * Logs a person can act on: while the database refuses the credentials, the driver's error packet
     * on every connection attempt (the poll's and HikariCP's adder's) is not logged, only pbxmon's
     * one line; a database that goes down, up and down again is logged at each change, the same line
     * twice (never taken for a repeat).
     */
    @Test
    void aDatabaseThatIsDownIsLoggedOncePerChange() throws Exception {
        CelDb db = new CelDb("cel_quiet").withSample(UTC);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            try (CelSource s = source(CelDb.config(db.url(), CelDb.RO_USER, "not-the-password", "cel", UTC, null))) {
                for (int i = 0; i < 8; i++) {
                    assertFalse(s.pollOnce().dbUp());
                    Await.sleep(150);
                }
            }
            List<String> refused = warnings(logs);
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).startsWith("WARN org.pbxmon.source.cel.CelSource PBX main: CEL database ")
                    && refused.get(0).contains("unavailable: Access denied for user"), refused.toString());
            logs.list.clear();

            try (TcpProxy proxy = new TcpProxy(db.server.port());
                 CelSource s = source(CelDb.config(db.urlVia(proxy.port()), CelDb.RO_USER, CelDb.RO_PASSWORD, "cel", UTC, null))) {
                assertTrue(s.pollOnce().dbUp());
                for (int round = 0; round < 2; round++) {
                    proxy.down();
                    for (int i = 0; i < 4; i++) {
                        assertFalse(s.pollOnce().dbUp());
                    }
                    proxy.up();
                    Await.until(Duration.ofSeconds(15), () -> s.pollOnce().dbUp(), true, "database back");
                }
            }
            List<String> changes = logs.list.stream().filter(e -> e.getLoggerName().equals(CelSource.class.getName()))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage().replaceAll(": .*", "")).toList();
            assertEquals(List.of("INFO PBX main", "WARN PBX main", "INFO PBX main", "WARN PBX main", "INFO PBX main"), changes,
                    logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
            List<String> warnings = warnings(logs);
            assertEquals(warnings.get(0), warnings.get(1), "the same line at each change");
            assertTrue(warnings.stream().noneMatch(w -> w.contains("org.mariadb")), warnings.toString());
        } finally {
            root.detachAppender(logs);
        }
    }

    /** WARN and ERROR lines that reached the appenders, as "LEVEL logger message". */
    private static List<String> warnings(ListAppender<ILoggingEvent> logs) {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> !e.getLoggerName().startsWith("ch.vorburger"))
                // HikariCP's pool close on a loaded machine may wait out an attempt in flight and say so:
                // not a line about the database being down
                .filter(e -> !e.getFormattedMessage().startsWith("Timed-out waiting for add connection executor"))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList();
    }
}
