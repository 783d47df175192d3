package org.pbxmon.artefacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.agent.DemoPbx;
import org.pbxmon.testing.Await;

/**
 * alert-rules/pbxmon.rules.yml loaded in a real Prometheus (Debian's {@code prometheus}) that scrapes
 * the demo agent and evaluates every second: once the demo's calls, queues and quality data are in,
 * and over a minute of evaluation rounds after that, no alert is firing, and none is pending but
 * the deliberate, short demo faults of {@link #DEMO_FAULTS}; every rule evaluates with health "ok".
 */
class HealthyDemoAlertsIT {
    private static final Path RULES = Path.of("alert-rules/pbxmon.rules.yml").toAbsolutePath();
    private static final Duration T = Duration.ofSeconds(240);
    /**
     * Faults the demo simulates on purpose (sim.DemoScenario, demo.ItgrixServer), by alert name. Each
     * is shorter than its alert's {@code for}, so it may show as pending here but must never fire:
     * the test fails on any firing alert. PbxmonLicenseExpiringSoon must appear (proof that the
     * rules are loaded and evaluated against the demo).
     */
    private static final Map<String, String> DEMO_FAULTS = Map.of(
            "PbxmonLicenseExpiringSoon", "the demo license is valid for 5 days on purpose (ItgrixServer.LICENSE_DAYS), "
                    + "so that pbxmon's license rule opens an incident; for: 10m, so pending in this test",
            "AsteriskTrunkRegistrationRejected", "carrier-reg is Rejected for 20 s every 2 minutes (DemoScenario); for: 1m",
            "AsteriskTrunkMesLow", "the first trunk's audio degrades to MES 55-65 for 40 s of each 3-minute cycle; for: 10m",
            "AsteriskQueueNoAvailableMember", "the demo pauses members and bursts callers into a queue now and then "
                    + "(DemoScenario togglePause, queue burst); for: 2m");
    private static final String REQUIRED = "PbxmonLicenseExpiringSoon";

    @TempDir
    Path dir;
    private DemoPbx demo;
    private Agent agent;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (agent != null) {
            agent.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void noAlertOnTheHealthyDemoAndEveryRuleEvaluates() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus not installed (Debian package prometheus)");
        demo = DemoPbx.start();
        agent = new Agent(demo.config("127.0.0.1", 0)).withRoute(demo.callbacksRoute()).start();
        int port = startPrometheus(agent.port());
        Await.until(T, () -> nonEmpty(port, "up{job=\"pbxmon\"} == 1"), true, "Prometheus scraping the demo agent");
        // ended calls, queue outcomes and quality scores take the demo a minute or so
        Await.until(T, () -> nonEmpty(port, "asterisk_call_mes_count{kind=\"trunk\"} > 0")
                && nonEmpty(port, "asterisk_queue_service_level_ratio")
                && nonEmpty(port, "pbx_trunk:asterisk_call_attempts:asr_ratio_rate1h")
                && nonEmpty(port, "pbx_queue:asterisk_queue_calls:abandon_ratio_rate1h"), true,
                "demo quality and queue data, and the recording rules' first results");

        // a minute of one-second evaluation rounds: every alert seen firing or pending is collected
        Map<String, String> seen = new TreeMap<>();
        Map<String, String> unexpected = new TreeMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode a : query(port, "ALERTS").path("data").path("result")) {
                JsonNode m = a.path("metric");
                String name = m.path("alertname").asText();
                if (!DEMO_FAULTS.containsKey(name) || !"pending".equals(m.path("alertstate").asText())) {
                    unexpected.putIfAbsent(name, m.path("alertstate").asText() + " " + m);
                }
                seen.putIfAbsent(name, m.path("alertstate").asText());
            }
            Await.sleep(2000);
        }
        assertEquals(Map.of(), unexpected, "alerts firing, or pending without a deliberate demo fault, on the demo");
        assertTrue(seen.containsKey(REQUIRED), "the demo's expiring license must show as an alert: " + seen);

        JsonNode groups = get(port, "/api/v1/rules").path("data").path("groups");
        int rules = 0;
        Map<String, String> unhealthy = new TreeMap<>();
        for (JsonNode g : groups) {
            for (JsonNode r : g.path("rules")) {
                rules++;
                if (!"ok".equals(r.path("health").asText())) {
                    unhealthy.put(r.path("name").asText(), r.path("health").asText() + ": " + r.path("lastError").asText());
                }
            }
        }
        assertEquals(Map.of(), unhealthy, "rules that did not evaluate");
        long inFile = Files.readAllLines(RULES).stream().filter(l -> l.matches("\\s*- (alert|record): .*")).count();
        assertTrue(rules > 0 && rules == inFile, "Prometheus loaded " + rules + " rules, the file has " + inFile);
    }

    private int startPrometheus(int agentPort) throws IOException {
        RealPrometheus.Running p = RealPrometheus.start(dir, agentPort, RULES);
        prometheus = p.process();
        return p.port();
    }

    private boolean nonEmpty(int port, String expr) {
        return !query(port, expr).path("data").path("result").isEmpty();
    }

    private JsonNode query(int port, String expr) {
        return RealPrometheus.query(port, expr);
    }

    private JsonNode get(int port, String pathAndQuery) {
        return RealPrometheus.get(port, pathAndQuery);
    }
}
