package org.pbxmon.artefacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.agent.DemoPbx;
import org.pbxmon.testing.Await;

/**
 * Every dashboard query against a real Prometheus (Debian's {@code prometheus}) scraping the demo
 * agent every second: the variables resolve to values as Grafana would fill them, every target and
 * annotation parses and evaluates, every target returns data on the demo (but the few listed in
 * {@link #EMPTY_ON_DEMO}, each with its reason), and the quality histograms carry linkedid exemplars.
 */
class DashboardQueriesIT {
    private static final Duration T = Duration.ofSeconds(240);
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    /** Targets that cannot have data on the demo: "dashboard uid / panel title / refId" and why. */
    private static final Map<String, String> EMPTY_ON_DEMO = Map.of(
            "pbxmon-pbx/Trunk channels used/B", "the demo sets no trunks.capacity_channels",
            "pbxmon-pbx/Trunk capacity used/A", "the demo sets no trunks.capacity_channels");

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
    void everyDashboardQueryParsesAndShowsDemoData() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus not installed (Debian package prometheus)");
        demo = DemoPbx.start();
        agent = new Agent(demo.config("127.0.0.1", 0)).withRoute(demo.callbacksRoute()).start();
        int port = startPrometheus(agent.port());
        Await.until(T, () -> nonEmpty(port, "up{job=\"pbxmon\"} == 1"), true, "Prometheus scraping the demo agent");
        // the demo needs a minute or so for ended calls, queue outcomes and quality scores
        Await.until(T, () -> nonEmpty(port, "asterisk_call_mes_count{kind=\"trunk\"} > 0")
                && nonEmpty(port, "asterisk_queue_service_level_ratio")
                && nonEmpty(port, "asterisk_queue_abandon_wait_seconds_count > 0"), true, "quality and queue data");

        List<Dashboards.Dashboard> all = Dashboards.all();
        long deadline = System.nanoTime() + T.toNanos();
        Map<String, String> missing;
        while (true) {
            missing = new TreeMap<>();
            for (Dashboards.Dashboard d : all) {
                check(port, d, missing);
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Await.sleep(5000);
        }
        assertEquals(Map.of(), missing, "targets without data on the demo (or failing)");
        exemplars(port);
    }

    /** Resolves the dashboard's variables, then evaluates every target and annotation. */
    private void check(int port, Dashboards.Dashboard d, Map<String, String> missing) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("__rate_interval", "1m");
        vars.put("__interval", "1m");
        for (JsonNode v : d.model().path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String name = v.path("name").asText();
            String q = v.path("query").isTextual() ? v.path("query").asText() : v.path("query").path("query").asText();
            Matcher m = LABEL_VALUES.matcher(q);
            assertTrue(m.matches(), d.uid() + " variable " + name + ": " + q);
            List<String> values = labelValues(port, m.group(2), substitute(m.group(1), vars));
            if (values.isEmpty()) {
                missing.put(d.uid() + "/$" + name, "the variable has no values: " + q);
                return;
            }
            boolean all = v.path("multi").asBoolean() || v.path("includeAll").asBoolean();
            vars.put(name, all ? "(" + String.join("|", values.stream().map(DashboardQueriesIT::escape).toList()) + ")" : values.get(0));
        }
        for (JsonNode p : d.panels()) {
            for (JsonNode t : p.path("targets")) {
                String key = d.uid() + "/" + p.path("title").asText() + "/" + t.path("refId").asText();
                String expr = substitute(t.path("expr").asText(), vars);
                JsonNode r = query(port, expr);
                if (!"success".equals(r.path("status").asText())) {
                    fail(key + ": " + expr + " -> " + r);
                }
                boolean empty = r.path("data").path("result").isEmpty();
                if (empty && !EMPTY_ON_DEMO.containsKey(key)) {
                    missing.put(key, expr);
                } else if (!empty && EMPTY_ON_DEMO.containsKey(key)) {
                    missing.put(key, "has data now: drop it from EMPTY_ON_DEMO");
                }
            }
        }
        for (JsonNode a : d.model().path("annotations").path("list")) {
            if (a.has("expr")) {
                String expr = substitute(a.path("expr").asText(), vars);
                JsonNode r = query(port, expr);
                assertEquals("success", r.path("status").asText(), d.uid() + " annotation: " + expr + " -> " + r);
            }
        }
    }

    /** The MES and queue-wait histograms reach Prometheus with the call's linkedid as exemplar. */
    private void exemplars(int port) {
        for (String metric : List.of("asterisk_call_mes_bucket", "asterisk_queue_answer_wait_seconds_bucket")) {
            Await.until(T, () -> {
                long now = System.currentTimeMillis() / 1000;
                JsonNode r = get(port, "/api/v1/query_exemplars?query=" + enc(metric) + "&start=" + (now - 3600)
                        + "&end=" + (now + 60));
                for (JsonNode series : r.path("data")) {
                    for (JsonNode e : series.path("exemplars")) {
                        if (!e.path("labels").path("linkedid").asText().isEmpty()) {
                            return true;
                        }
                    }
                }
                return false;
            }, true, metric + " exemplars with a linkedid");
        }
    }

    private int startPrometheus(int agentPort) throws IOException {
        RealPrometheus.Running p = RealPrometheus.start(dir, agentPort, null, "--enable-feature=exemplar-storage");
        prometheus = p.process();
        return p.port();
    }

    private static String substitute(String expr, Map<String, String> vars) {
        String out = expr;
        // longest names first, so $__rate_interval is not read as $__rate...
        List<String> names = new ArrayList<>(vars.keySet());
        names.sort((a, b) -> b.length() - a.length());
        for (String n : names) {
            out = out.replace("${" + n + "}", vars.get(n)).replace("$" + n, vars.get(n));
        }
        assertTrue(!out.contains("$"), "unresolved variable in " + out);
        return out;
    }

    /**
     * A label value as a literal in an RE2 alternation inside a PromQL string, as Grafana escapes
     * multi-value variables: each metacharacter gets a backslash, itself doubled for the string.
     */
    private static String escape(String v) {
        return v.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\\\\\$1");
    }

    private boolean nonEmpty(int port, String expr) {
        return !query(port, expr).path("data").path("result").isEmpty();
    }

    private List<String> labelValues(int port, String label, String selector) {
        JsonNode r = get(port, "/api/v1/label/" + label + "/values?match[]=" + enc(selector));
        assertEquals("success", r.path("status").asText(), selector + " -> " + r);
        List<String> out = new ArrayList<>();
        r.path("data").forEach(v -> out.add(v.asText()));
        return out;
    }

    private JsonNode query(int port, String expr) {
        return RealPrometheus.query(port, expr);
    }

    private JsonNode get(int port, String pathAndQuery) {
        return RealPrometheus.get(port, pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
