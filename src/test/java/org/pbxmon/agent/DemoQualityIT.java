package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;

/**
 * The demo as Main starts it: within a couple of minutes a newcomer sees the carrier's audio go bad
 * now, failed carrier calls counted by disposition, a queue under its 20 s service level, and the
 * KPIs in /status. Deadlines are generous (the demo does it within a minute on an idle machine).
 */
class DemoQualityIT {
    private static final Duration T = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private DemoPbx demo;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    /** Whether some series of {@code family} with all of {@code labels} has a value that passes. */
    private boolean any(String family, Predicate<Double> value, String... labels) {
        for (Map.Entry<String, Double> e : Http.metrics(agent.port()).entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(family + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= k.contains(l);
            }
            if (all && value.test(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    private void await(String what, java.util.function.BooleanSupplier c) {
        Await.until(T, c::getAsBoolean, true, what);
    }

    @Test
    void everyQualityFigureMoves() throws Exception {
        demo = DemoPbx.start();
        agent = new Agent(demo.config("127.0.0.1", 0)).withRoute(demo.callbacksRoute()).start();
        await("a poor-quality call on the carrier now",
                () -> any("asterisk_calls_poor_quality", v -> v >= 1, "trunk=\"carrier\""));
        await("the carrier's live MES under 70",
                () -> any("asterisk_trunk_mes", v -> v < 70, "trunk=\"carrier\""));
        await("a scored call in the MES histogram",
                () -> any("asterisk_call_mes_count", v -> v >= 1, "kind=\"trunk\""));
        await("failed carrier calls by disposition",
                () -> any("asterisk_call_attempts_total", v -> v >= 1, "trunk=\"carrier\"", "disposition=\"busy\"")
                        && any("asterisk_call_attempts_total", v -> v >= 1, "trunk=\"carrier\"",
                                "disposition=\"congestion\""));
        await("a queue under its 20 s service level",
                () -> any("asterisk_queue_service_level_ratio", v -> v < 1, "threshold=\"20\""));
        await("abandoned queue callers", () -> any("asterisk_queue_calls_total", v -> v >= 1, "outcome=\"abandoned\""));
        await("a call without media counted missing", () -> any("asterisk_call_quality_missing_total", v -> v >= 1));
        JsonNode kpi = JSON.readTree(Http.get(agent.port(), "/status?path=app.pbx.demo.quality.trunks.carrier.last_1h",
                "demo", "demo").body());
        assertTrue(kpi.path("asr").isNumber() && kpi.path("attempts").asInt() > 0, kpi.toString());
    }
}
