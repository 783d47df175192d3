package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimCall;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/** The whole agent: AMI simulator, a real MariaDB behind a killable proxy, read through /metrics and /status. */
class CelAgentIT {
    private static final Duration T = Duration.ofSeconds(15);
    private static final String PBX = "{pbx=\"lab\"}";
    private CelDb db;
    private TcpProxy proxy;
    private AmiSimulator sim;
    private LabAgent agent;

    @BeforeEach
    void start() throws Exception {
        db = new CelDb("cel_agent").withSample(ZoneOffset.UTC);
        proxy = new TcpProxy(db.server.port());
        sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
        String cel = """
                    cel:
                      url: %s
                      username: %s
                      password: %s
                      time_zone: UTC
                      poll_interval: 200ms
                      query_timeout: 2s
                      connect_timeout: 1s
                      stall_window: 3s
                """.formatted(db.urlVia(proxy.port()), CelDb.RO_USER, CelDb.RO_PASSWORD);
        agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, cel));
        Await.until(T, () -> m("asterisk_up" + PBX), 1.0, "asterisk_up");
        Await.until(T, () -> m("asterisk_cel_db_up" + PBX), 1.0, "asterisk_cel_db_up");
        // the lab's two Rejected registrations would be the Warning of app_status (they come before CEL)
        sim.world().registrationStatus("badauth-reg", "Registered");
        sim.world().registrationStatus("deadprovider-reg", "Registered");
        Await.until(T, () -> status("app.master.general.app_status"), "\"Ok\"", "lab all registered");
    }

    @AfterEach
    void stop() {
        agent.close();
        sim.close();
        proxy.close();
    }

    private Double m(String series) {
        return agent.metric(series);
    }

    private String status(String path) {
        return Http.get(agent.port(), "/status?path=" + path, LabAgent.USER, LabAgent.PASSWORD).body().trim();
    }

    @Test
    void metricsAndStatusShowTheCelTable() throws Exception {
        assertEquals(154.0, m("asterisk_cel_last_id" + PBX));
        assertEquals(154.0, m("asterisk_cel_consumer_last_id" + PBX));
        assertEquals(0.0, m("asterisk_cel_pending_events" + PBX));
        assertEquals(0.0, m("asterisk_cel_pending_calls" + PBX));
        assertEquals(32.0, m("asterisk_cel_events_total{eventtype=\"CHAN_START\",pbx=\"lab\"}"));
        assertEquals(0.0, m("asterisk_cel_open_calls" + PBX));
        assertEquals(0.0, m("asterisk_cel_stalled" + PBX));
        double age = m("asterisk_cel_last_event_age_seconds" + PBX);
        assertTrue(age >= 55 && age < 120, "age " + age);
        assertEquals(1.0, m("pbxmon_collector_success{collector=\"cel\",pbx=\"lab\"}"));
        assertTrue(m("pbxmon_db_query_duration_seconds{pbx=\"lab\",query=\"last_row\"}") < 1);
        assertEquals("154", status("app.pbx.lab.cel.last_id"));
        assertEquals("0", status("app.pbx.lab.cel.cel_queue.pending_events"));
        assertEquals("0", status("app.pbx.lab.cel.cel_queue.calls"));
        assertEquals("true", status("app.pbx.lab.cel.db_up"));
        assertEquals("\"<nil>\"", status("app.pbx.lab.cel.err"));
        assertEquals("\"Ok\"", status("app.master.general.app_status"));
        assertTrue(agent.agent().store().timers().lastMinute().containsKey("cel_poll:lab"));
        promtoolAccepts(Http.get(agent.port(), "/metrics").body());
    }

    @Test
    void celStallsWhileTheSimulatorMakesCalls() throws Exception {
        // idle PBX, CEL rows a minute old, stall window 3 s: no alarm
        Await.sleep(3_500);
        assertEquals(0.0, m("asterisk_cel_stalled" + PBX));
        // calls go on, cel_odbc writes nothing
        SimCall call = sim.world().startCall("102", "carrier");
        sim.world().answer(call);
        Await.until(T, () -> m("asterisk_calls_active" + PBX), 1.0, "call up");
        sim.world().hangup(call, 16);
        Await.until(T, () -> m("asterisk_calls_processed_total" + PBX), 1.0, "call ended");
        Await.until(T, () -> m("asterisk_cel_stalled" + PBX), 1.0, "stalled");
        assertEquals("\"Warning\"", status("app.master.general.app_status"));
        assertEquals("true", status("app.pbx.lab.cel.stalled"));
        // rows arrive again
        db.insert("CHAN_START", LocalDateTime.now(ZoneOffset.UTC), "back.1");
        Await.until(T, () -> m("asterisk_cel_stalled" + PBX), 0.0, "no longer stalled");
        Await.until(T, () -> status("app.master.general.app_status"), "\"Ok\"", "Ok again");
        // a call whose rows are written is no alarm
        SimCall second = sim.world().startCall("102", "carrier");
        db.insert("CHAN_START", LocalDateTime.now(ZoneOffset.UTC), "second.1");
        sim.world().hangup(second, 16);
        db.insert("LINKEDID_END", LocalDateTime.now(ZoneOffset.UTC), "second.1");
        Await.until(T, () -> m("asterisk_calls_processed_total" + PBX), 2.0, "second call ended");
        Await.sleep(2_000);
        assertEquals(0.0, m("asterisk_cel_stalled" + PBX));
    }

    @Test
    void theDatabaseDiesMidRunAndComesBackWithoutARestart() throws Exception {
        proxy.down();
        Await.until(T, () -> m("asterisk_cel_db_up" + PBX), 0.0, "db down");
        assertEquals(0.0, m("pbxmon_collector_success{collector=\"cel\",pbx=\"lab\"}"));
        // the last good figures stay
        assertEquals(154.0, m("asterisk_cel_last_id" + PBX));
        assertEquals(32.0, m("asterisk_cel_events_total{eventtype=\"CHAN_START\",pbx=\"lab\"}"));
        assertEquals("\"Warning\"", status("app.master.general.app_status"));
        assertTrue(status("app.master.general.app_err").contains("cel: database down"), status("app.master.general.app_err"));
        assertFalse(Http.get(agent.port(), "/status", LabAgent.USER, LabAgent.PASSWORD).body().contains(CelDb.RO_PASSWORD));
        // a hanging database never slows a scrape
        proxy.hang();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, Http.get(agent.port(), "/metrics").statusCode());
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(4_000), "scrape waited for the hanging database");
            Await.sleep(100);
        }
        assertEquals(1.0, m("asterisk_up" + PBX));
        db.insert("CHAN_START", LocalDateTime.now(ZoneOffset.UTC), "during.1");
        proxy.up();
        Await.until(Duration.ofSeconds(30), () -> m("asterisk_cel_db_up" + PBX), 1.0, "db back");
        Await.until(T, () -> m("asterisk_cel_last_id" + PBX), 155.0, "new row read");
        assertEquals(33.0, m("asterisk_cel_events_total{eventtype=\"CHAN_START\",pbx=\"lab\"}"));
        assertEquals(1.0, m("pbxmon_collector_success{collector=\"cel\",pbx=\"lab\"}"));
    }

    /** promtool's lint of the exposition (CI installs promtool; without it the check cannot run here). */
    private static void promtoolAccepts(String metrics) throws Exception {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            present |= new File(dir, "promtool").canExecute();
        }
        assumeTrue(present, "promtool not installed");
        Path f = Files.createTempFile("cel-metrics", ".txt");
        Files.writeString(f, metrics, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(f.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Files.delete(f);
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.trim());
    }
}
