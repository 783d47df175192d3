package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.Promtool;

/**
 * {@code --demo} as Main starts it ({@link DemoPbx#start()}, {@link DemoPbx#config}, {@link Agent}), on
 * an ephemeral port: within a minute /metrics shows all four inputs of the demo (AMI, the CEL table,
 * the Itgrix license, the Webim storagers), and they move. Deadlines are generous: this must pass on a
 * loaded machine.
 */
class DemoIT {
    private static final long DEADLINE_MS = 60_000;
    private static final String USER = "demo";
    private static final String PASSWORD = "demo";

    private DemoPbx demo;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        demo = DemoPbx.start();
        agent = new Agent(demo.config("127.0.0.1", 0)).start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyInputOfTheDemoShowsAndMoves() throws Exception {
        Map<String, Double> m = awaitMetrics("AMI, CEL, license and storager series", DemoIT::allFour);
        assertEquals(1.0, m.get("asterisk_up{pbx=\"demo\"}"));
        assertEquals(1.0, m.get("asterisk_cel_db_up{pbx=\"demo\"}"));
        assertEquals(1.0, m.get("pbxmon_probe_up{probe=\"itgrix\"}"));
        assertEquals(1.0, m.get("pbxmon_probe_up{probe=\"webim\"}"));
        assertEquals(1.0, m.get("pbxmon_license_info{probe=\"itgrix\",type=\"Professional\"}"));
        assertEquals(0.0, m.get("pbxmon_license_downgraded{probe=\"itgrix\"}"));
        double remaining = m.get("pbxmon_license_remaining_seconds{probe=\"itgrix\"}");
        assertTrue(remaining > 86_400 && remaining < 14 * 86_400, "a few days from expiry: " + remaining);

        // the simulator's calls keep filling the CEL table; the storagers keep moving
        double lastId = m.get("asterisk_cel_last_id{pbx=\"demo\"}");
        Map<String, Double> storagers = storagers(m);
        Map<String, Double> later = awaitMetrics("new CEL rows and moved storager counters",
                n -> n.getOrDefault("asterisk_cel_last_id{pbx=\"demo\"}", 0.0) > lastId
                        && !storagers(n).equals(storagers));
        assertTrue(later.get("asterisk_cel_events_total{eventtype=\"CHAN_START\",pbx=\"demo\"}") > 0);
        assertEquals(1.0, later.get("pbxmon_collector_success{collector=\"cel\",pbx=\"demo\"}"));
        assertEquals(0.0, later.get("asterisk_cel_stalled{pbx=\"demo\"}"));

        // the same four in /status and /zabbix; a license that expires soon is a Warning, never an Error
        String appStatus = get("/status?path=app.master.general.app_status");
        assertNotEquals("\"Error\"", appStatus);
        assertTrue(get("/status?path=app.pbx.demo.cel.db_up").contains("true"));
        assertTrue(get("/status?path=app.probes.itgrix.license.type").contains("Professional"));
        String flat = get("/zabbix/pbx/demo");
        assertTrue(flat.contains("\"cel_db_up\":1"), flat);
        assertTrue(get("/zabbix/agent/items/licenses").contains("\"expiring_soon\":1"));
        assertTrue(get("/zabbix/discovery/storager").contains("\"{#STORAGER}\":\"1\""));

        Promtool.check(Http.get(agent.port(), "/metrics").body());
    }

    @Test
    void closingTheDemoClosesItsPorts() {
        int cel = demo.services().celPort();
        int itgrix = demo.services().itgrixPort();
        int webim = demo.services().webimPort();
        agent.close();
        agent = null;
        demo.close();
        demo = null;
        for (int port : new int[] {cel, itgrix, webim}) {
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                }
            }, "port " + port + " still open");
        }
    }

    private static boolean allFour(Map<String, Double> m) {
        return Double.valueOf(1.0).equals(m.get("asterisk_up{pbx=\"demo\"}"))
                && m.getOrDefault("asterisk_cel_last_id{pbx=\"demo\"}", 0.0) > 0
                && m.containsKey("asterisk_cel_pending_events{pbx=\"demo\"}")
                && m.containsKey("pbxmon_license_remaining_seconds{probe=\"itgrix\"}")
                && m.containsKey("pbxmon_storager_objects{account=\"demo\",probe=\"webim\",state=\"failed\",storager=\"1\"}");
    }

    private static Map<String, Double> storagers(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("pbxmon_storager_objects{")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private Map<String, Double> awaitMetrics(String what, Predicate<Map<String, Double>> ok) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        Map<String, Double> m = Map.of();
        while (System.currentTimeMillis() < end) {
            m = Http.metrics(agent.port());
            if (ok.test(m)) {
                return m;
            }
            Await.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + DEADLINE_MS / 1000 + " s; /metrics had "
                + m.keySet().stream().filter(k -> k.startsWith("asterisk_up") || k.startsWith("asterisk_cel_")
                        || k.startsWith("pbxmon_license") || k.startsWith("pbxmon_storager")
                        || k.startsWith("pbxmon_probe")).toList());
    }

    private String get(String pathAndQuery) {
        var r = Http.get(agent.port(), pathAndQuery, USER, PASSWORD);
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        return r.body().trim();
    }

}
