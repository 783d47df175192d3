package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.Await;

/**
 * The "pbxmon agent by HTTP" template against live output: the agent probes a loopback Itgrix
 * connector and a loopback Webim backend that serve the seeds' payloads; every item, prototype and
 * discovery rule resolves, and the license and storager triggers fire and recover.
 */
class ZabbixAgentTemplateIT {
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();
    private HttpServer server;
    private ZabbixLab lab;
    private Template template;
    private String itgrix;
    private String accounts;

    private static String resource(String name) throws IOException {
        try (InputStream in = ZabbixAgentTemplateIT.class.getResourceAsStream("/probe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void start() throws Exception {
        itgrix = resource("itgrix-status.json");
        accounts = resource("webim-accounts-stat.json");
        // a license valid for another 100 days, of the type expected
        setLicense("Professional", LocalDate.now(ZoneOffset.UTC).plusDays(100));
        pages.put("/l/a/monitor/accounts-stat", accounts.getBytes(StandardCharsets.UTF_8));
        for (String[] p : new String[][] {{"/l/a/monitor", "webim-monitor.json"},
                {"/l/a/monitor/zabbix/tornado", "webim-zabbix-tornado.json"},
                {"/l/a/monitor/zabbix/channels", "webim-zabbix-channels.json"},
                {"/l/a/monitor/connect-to-db", "webim-connect-to-db-ok.txt"},
                {"/l/i/instance-id", "webim-instance-id.txt"},
                {"/l/i/account-state", "webim-account-state.json"}}) {
            pages.put(p[0], resource(p[1]).getBytes(StandardCharsets.UTF_8));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            byte[] body = pages.get(ex.getRequestURI().getPath());
            int status = body == null ? 404 : 200;
            body = body == null ? new byte[0] : body;
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        lab = new ZabbixLab(false, """
                probes:
                  - name: itgrix
                    profile: itgrix
                    url: %s/status
                    interval: 1s
                    timeout: 1s
                    license: {expected_type: Professional, timezone: UTC}
                  - name: chat
                    profile: webim
                    url: %s
                    interval: 1s
                    timeout: 1s
                """.formatted(base, base));
        template = Template.load(Template.V6, Template.AGENT_TEMPLATE);
        Await.until(ZabbixLab.T, () -> lab.json("/zabbix/discovery/storager").size() > 0, true, "storager discovered");
        Await.until(ZabbixLab.T, () -> lab.json("/zabbix/discovery/licenses").size(), 1, "license discovered");
    }

    @AfterEach
    void stop() {
        lab.close();
        server.stop(0);
    }

    private void setLicense(String type, LocalDate validTill) {
        String doc = itgrix.replace("\"type\": \"Professional\"", "\"type\": \"" + type + "\"")
                .replace("\"valid_till\": \"2025-04-15\"", "\"valid_till\": \"" + validTill + "\"");
        pages.put("/status", doc.getBytes(StandardCharsets.UTF_8));
    }

    private Boolean firing(String trigger) {
        ZabbixPoll p = lab.poll(template, Map.of());
        Boolean v = p.triggers.get(trigger);
        if (v == null) {
            throw new AssertionError("no trigger " + trigger + " among " + p.triggers.keySet() + "; errors " + p.errors);
        }
        assertTrue(p.triggerSource.get(trigger).node().path("description").asText().contains("Recovers when"), trigger);
        return v;
    }

    @Test
    void everyItemPrototypeAndRuleResolvesOnLiveOutput() {
        for (java.nio.file.Path file : List.of(Template.V6, Template.V7)) {
            Template t = Template.load(file, Template.AGENT_TEMPLATE);
            ZabbixPoll p = lab.poll(t, Map.of());
            assertEquals(List.of(), p.errors, file + ": unsupported items, failed rules or unknown triggers");
            int expected = t.items().size();
            for (JsonNode r : t.rules()) {
                String key = r.path("key").asText();
                assertFalse(p.rows.get(key).isEmpty(), file + ": discovery rule " + key + " found nothing");
                expected += p.rows.get(key).size() * Template.prototypes(r).size();
            }
            assertEquals(expected, p.values.size(), file + ": every item and every prototype of every row has a value");
        }
    }

    @Test
    void licenseDowngradedRaisesAndResolves() {
        String trigger = "License itgrix: downgraded";
        assertEquals(false, firing(trigger));
        setLicense("Free", LocalDate.now(ZoneOffset.UTC).plusDays(100));
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        setLicense("Professional", LocalDate.now(ZoneOffset.UTC).plusDays(100));
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
    }

    @Test
    void licenseExpiringRaisesAndResolves() {
        String trigger = "License itgrix: expires in under 14 days";
        assertEquals(false, firing(trigger));
        setLicense("Professional", LocalDate.now(ZoneOffset.UTC).plusDays(3));
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        setLicense("Professional", LocalDate.now(ZoneOffset.UTC).plusDays(300));
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
    }

    @Test
    void storagerFailuresRaiseAndResolve() {
        String trigger = "Storager 0 of TOTAL (chat): objects failed to store";
        assertEquals(false, firing(trigger));
        String failing = accounts.replaceFirst("\"failed_to_store_objects_cnt\": 0", "\"failed_to_store_objects_cnt\": 7");
        pages.put("/l/a/monitor/accounts-stat", failing.getBytes(StandardCharsets.UTF_8));
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        pages.put("/l/a/monitor/accounts-stat", accounts.getBytes(StandardCharsets.UTF_8));
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
    }

    @Test
    void probeDownRaisesAndResolves() {
        String trigger = "Probe itgrix: down";
        assertEquals(false, firing(trigger));
        byte[] good = pages.remove("/status");
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        pages.put("/status", good);
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
    }
}
