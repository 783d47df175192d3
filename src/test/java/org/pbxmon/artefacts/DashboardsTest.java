package org.pbxmon.artefacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboards, checked structurally (Grafana itself is not in Debian). */
class DashboardsTest {
    private static final Map<String, String> UIDS = Map.of(
            "pbxmon-overview.json", "pbxmon-overview",
            "pbxmon-pbx.json", "pbxmon-pbx");

    @Test
    void theTwoDashboardsHaveTheirFixedUniqueUids() {
        List<Dashboards.Dashboard> all = Dashboards.all();
        Map<String, String> seen = all.stream().collect(Collectors.toMap(
                d -> d.file().getFileName().toString(), Dashboards.Dashboard::uid));
        assertEquals(UIDS, seen);
        assertEquals(all.size(), new HashSet<>(seen.values()).size(), "uids unique");
        for (Dashboards.Dashboard d : all) {
            assertTrue(d.model().path("id").isNull() || d.model().path("id").isMissingNode(),
                    d.file() + ": a numeric id ties the file to one Grafana database");
            assertFalse(d.model().path("title").asText().isBlank(), d.file() + ": title");
        }
    }

    @Test
    void everyDashboardPassesTheLint() {
        for (Dashboards.Dashboard d : Dashboards.all()) {
            List<String> problems = DashboardLint.problems(d);
            assertEquals(List.of(), problems, d.file().toString());
            assertTrue(d.panels().size() >= 15, d.file() + ": only " + d.panels().size() + " panels");
        }
    }

    @Test
    void theDrillDownCoversEverySection() {
        Dashboards.Dashboard pbx = Dashboards.read(Dashboards.DIR.resolve("pbxmon-pbx.json"));
        Set<String> rows = new HashSet<>();
        for (JsonNode p : pbx.allPanels()) {
            if ("row".equals(p.path("type").asText())) {
                rows.add(p.path("title").asText());
            }
        }
        assertEquals(Set.of("PBX", "Trunks", "Endpoints", "Calls", "Queues", "Call quality and KPIs", "CEL",
                "Licenses and probes", "Storager and chat backend", "Incidents and callbacks", "The agent"), rows);
        String exprs = pbx.panels().stream().flatMap(p -> stream(p.path("targets")))
                .map(t -> t.path("expr").asText()).collect(Collectors.joining("\n"));
        for (String needle : List.of("histogram_quantile(0.5, sum by (trunk, le) (rate(asterisk_call_mes_bucket",
                "asterisk_call_jitter_seconds_bucket", "asterisk_call_packet_loss_ratio_bucket",
                "asterisk_call_rtt_seconds_bucket", "disposition=\"answered\"",
                "disposition=~\"answered|busy|no_answer|rejected\"", "asterisk_call_duration_seconds_sum",
                "outcome=\"abandoned\"", "asterisk_ami_malformed_frames_total", "process_cpu_seconds_total",
                "pbxmon_license_remaining_seconds", "pbxmon_storager_objects", "pbxmon_callback_outbox_pending")) {
            assertTrue(exprs.contains(needle), "no drill-down target uses " + needle);
        }
        assertFalse(exprs.contains("pbxmon:"), "no dependency on recording rules");
        long exemplars = pbx.panels().stream().flatMap(p -> stream(p.path("targets")))
                .filter(t -> t.path("exemplar").asBoolean()).count();
        assertTrue(exemplars >= 5, "quality histogram targets ask for exemplars: " + exemplars);
        assertFalse(pbx.variable("pbx").path("multi").asBoolean(), "the drill-down shows one PBX");
        assertTrue(Dashboards.read(Dashboards.DIR.resolve("pbxmon-overview.json")).variable("pbx")
                .path("includeAll").asBoolean(), "the overview shows all PBXes");
    }

    /** Each rule of the lint catches the defect it is about: a lint that cannot fail proves nothing. */
    @Test
    void theLintCatchesEachDefect() throws Exception {
        Dashboards.Dashboard good = Dashboards.read(Dashboards.DIR.resolve("pbxmon-pbx.json"));
        assertEquals(List.of(), DashboardLint.problems(good));
        bad(good, "schemaVersion", m -> m.put("schemaVersion", 27));
        bad(good, "__inputs", m -> m.putArray("__inputs"));
        bad(good, "${DS_", m -> firstPanel(m).putObject("datasource").put("type", "prometheus")
                .put("uid", "${DS_PROMETHEUS}"));
        bad(good, "no datasource variable", m -> variable(m, "datasource").put("type", "custom"));
        bad(good, "no query variable instance", m -> variable(m, "instance").put("name", "inst"));
        bad(good, "no unit", m -> ((ObjectNode) firstPanel(m).path("fieldConfig").path("defaults")).remove("unit"));
        bad(good, "no description", m -> firstPanel(m).put("description", ""));
        bad(good, "datasource is not", m -> ((ObjectNode) firstPanel(m).path("targets").get(0).path("datasource"))
                .put("uid", "prometheus"));
        bad(good, "duplicate id", m -> firstPanel(m).put("id", 1));
        bad(good, "no complete gridPos", m -> firstPanel(m).remove("gridPos"));
        bad(good, "overlaps", m -> ((ObjectNode) firstPanel(m).path("gridPos")).put("y", 0));
        bad(good, "instead of [$__rate_interval]", m -> expr(m, "rate(asterisk_ami_events_total{job=~\"$job\","
                + "instance=~\"$instance\"}[5m])"));
        bad(good, "without [$__rate_interval]", m -> expr(m, "increase(asterisk_ami_events_total{job=~\"$job\","
                + "instance=~\"$instance\"}[$__rate_interval] offset 1h)"));
        bad(good, "not scoped by job and instance", m -> expr(m, "asterisk_up{pbx=~\"$pbx\"}"));
        bad(good, "no label selector", m -> expr(m, "asterisk_up"));
    }

    private static void bad(Dashboards.Dashboard good, String expected, Consumer<ObjectNode> mutation) throws Exception {
        ObjectNode copy = good.model().deepCopy();
        mutation.accept(copy);
        Dashboards.Dashboard d = Dashboards.parse(Dashboards.JSON.writeValueAsString(copy));
        List<String> problems = DashboardLint.problems(d);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " not caught: " + problems);
    }

    /** The first non-row panel (the rows come first, so this is the top-left stat). */
    private static ObjectNode firstPanel(ObjectNode m) {
        for (JsonNode p : m.path("panels")) {
            if (!"row".equals(p.path("type").asText())) {
                return (ObjectNode) p;
            }
        }
        throw new AssertionError("no panel");
    }

    private static void expr(ObjectNode m, String expr) {
        ((ObjectNode) firstPanel(m).path("targets").get(0)).put("expr", expr);
    }

    private static ObjectNode variable(ObjectNode m, String name) {
        for (JsonNode v : m.path("templating").path("list")) {
            if (name.equals(v.path("name").asText())) {
                return (ObjectNode) v;
            }
        }
        throw new AssertionError(name);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
