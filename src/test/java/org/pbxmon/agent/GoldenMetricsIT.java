package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimCall;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/**
 * The whole /metrics text, as Prometheus scrapes it, for a fixed scenario on the lab PBX, compared
 * with {@code src/test/resources/golden/lab-metrics.txt}. Values that depend on the clock are
 * replaced by {@code <t>}. To regenerate after an intended change:
 * {@code mvn verify -Dit.test=GoldenMetricsIT -Dpbxmon.golden.update=true}, then review the diff.
 */
class GoldenMetricsIT {
    static final Path GOLDEN = Path.of("src/test/resources/golden/lab-metrics.txt");
    private static final Set<String> CLOCK_DEPENDENT = Set.of("asterisk_core_uptime_seconds",
            "asterisk_core_last_reload_seconds", "asterisk_call_longest_duration_seconds",
            "asterisk_queue_longest_wait_seconds", "asterisk_ami_last_event_timestamp_seconds",
            "pbxmon_start_time_seconds", "pbxmon_collector_duration_seconds", "asterisk_ami_events_total");
    private static final Pattern VERSION = Pattern.compile("pbxmon_build_info\\{revision=\"[^\"]*\",version=\"[^\"]*\"}");

    @Test
    void labScenarioMatchesTheGoldenFile() throws Exception {
        String actual;
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", sim,
                        "    trunks:\n      capacity_channels:\n        carrier: 30\n"))) {
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
            SimCall out = sim.world().startCall("102", "carrier");
            sim.world().answer(out);
            SimCall queued = sim.world().startLocalCall("103");
            sim.world().queueJoin("overflow", queued);
            SimCall done = sim.world().startCall("103", "102");
            sim.world().hangup(done, 16);
            sim.world().registrationStatus("badauth-reg", "Registered");
            sim.world().unregisterEndpoint("102");
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_calls_processed_total{pbx=\"lab\"}"), 1.0, "processed");
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_queue_callers{pbx=\"lab\",queue=\"overflow\"}"), 1.0, "queued");
            Await.until(Duration.ofSeconds(10), () -> agent.metric(
                    "asterisk_endpoint_up{endpoint=\"102\",kind=\"extension\",pbx=\"lab\",technology=\"PJSIP\"}"), 0.0, "102 down");
            Await.until(Duration.ofSeconds(10), () -> agent.metric(
                    "asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"badauth-reg\"}"), 1.0, "registered");
            Await.sleep(200);
            actual = normalize(Http.get(agent.port(), "/metrics").body());
        }
        if (Boolean.getBoolean("pbxmon.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual);
        }
        assertEquals(Files.readString(GOLDEN), actual,
                "/metrics drifted from " + GOLDEN + "; regenerate with -Dpbxmon.golden.update=true if intended");
    }

    static String normalize(String text) {
        // suppressed log lines count what earlier tests in the same JVM logged: not part of the scenario;
        // the jvm_ and process_ families describe the test JVM, not the scenario
        return text.lines().filter(line -> !line.contains("pbxmon_log_lines_suppressed")
                && !line.matches("(# (HELP|TYPE|UNIT) )?(jvm|process)_.*")).map(line -> {
            line = VERSION.matcher(line).replaceAll("pbxmon_build_info{revision=\"<rev>\",version=\"<version>\"}");
            if (line.startsWith("#")) {
                return line;
            }
            String name = line.contains("{") ? line.substring(0, line.indexOf('{')) : line.substring(0, line.indexOf(' '));
            return CLOCK_DEPENDENT.contains(name) ? line.substring(0, line.lastIndexOf(' ')) + " <t>" : line;
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
