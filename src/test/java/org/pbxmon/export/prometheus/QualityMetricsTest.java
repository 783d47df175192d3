package org.pbxmon.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.QualityConfig;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.ami.calls.CallTracker;
import org.pbxmon.source.ami.quality.RtpQosParser;

/** The call quality families over real HTTP: histograms, exemplars in OpenMetrics, promtool's verdict, absence. */
class QualityMetricsTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private final SnapshotStore store = new SnapshotStore();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    /** Two carrier calls (one scored, one without RTCP) and a queue caller answered in 12 s. */
    private static CallQuality quality() {
        long t = TestSnapshots.NOW - 120_000;
        CallTracker c = new CallTracker(QualityConfig.DEFAULTS, "monitor");
        Map<String, String> trunks = Map.of("PJSIP/carrier", "carrier");
        c.newChannel("1.1", "PJSIP/carrier-00000001", "1.1", "from-carrier", "", 6, t);
        c.qos("1.1", RtpQosParser.summary("ssrc=1;themssrc=2;lp=3;rxjitter=0.002;rxcount=997;txjitter=0.012;"
                + "txcount=1000;rlp=0;rtt=0.045;rxmes=91.0;txmes=64.5"));
        c.hangup("1.1", 16, t + 95_000, trunks::get);
        c.newChannel("1.2", "PJSIP/carrier-00000002", "1.2", "from-carrier", "", 6, t);
        c.hangup("1.2", 16, t + 5_000, trunks::get);
        c.newChannel("1.3", "Local/600@lab-00000001;2", "1.3", "lab", "", 6, t);
        c.queueJoin("support", "1.3", t);
        c.queueLeave("support", "1.3", t + 12_000);
        c.agentConnect("support", "1.3", "1.3", 12.0, t + 12_000);
        return c.snapshot(TestSnapshots.NOW, trunks::get, List.of("support", "sales"));
    }

    private String scrape(String accept) throws Exception {
        if (http == null) {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/metrics", new PrometheusExporter(store,
                    new AgentInfo("1.0", "abc", TestSnapshots.NOW, "id", "<test>", "stderr")).handler());
            http.start();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                + "/metrics")).timeout(Duration.ofSeconds(20));
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void histogramsCountersAndExemplarsInOpenMetrics() throws Exception {
        store.publish(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP).quality(quality()).build());
        String om = scrape("application/openmetrics-text; version=1.0.0");
        String leg = "pbx=main,kind=trunk,trunk=carrier,direction=inbound";
        has(om, "asterisk_call_mes_bucket", leg + ",stream=rx,le=70.0", "1 # {linkedid=\"1.1\"} 64.5");
        has(om, "asterisk_call_mes_bucket", leg + ",stream=tx,le=95.0", "1 # {linkedid=\"1.1\"} 91.0");
        has(om, "asterisk_call_mes_count", leg + ",stream=tx", "1");
        has(om, "asterisk_call_quality_missing_total", leg, "1");
        has(om, "asterisk_call_attempts_total", leg + ",disposition=answered", "2");
        has(om, "asterisk_call_attempts_total", leg + ",disposition=busy", "0");
        has(om, "asterisk_hangup_causes_total", leg + ",cause=normal_clearing", "2");
        has(om, "asterisk_call_rtt_seconds_bucket", leg + ",le=0.05", "1 # {linkedid=\"1.1\"} 0.045");
        has(om, "asterisk_call_duration_seconds_bucket", leg + ",le=120.0", "2 # {linkedid=\"1.1\"} 95.0");
        has(om, "asterisk_call_packet_loss_ratio_bucket", leg + ",stream=rx,le=0.005", "1");
        has(om, "asterisk_queue_answer_wait_seconds_bucket", "pbx=main,queue=support,le=15.0", "1 # {linkedid=\"1.3\"} 12.0");
        has(om, "asterisk_queue_service_level_ratio", "pbx=main,queue=support,threshold=20", "1.0");
        assertFalse(om.contains("asterisk_queue_service_level_ratio{pbx=\"main\",queue=\"sales\""),
                "no caller in the window: absent, not 0");
        has(om, "asterisk_queue_calls_total", "pbx=main,queue=sales,outcome=answered", "0");
        has(om, "asterisk_calls_poor_quality", "pbx=main,trunk=carrier", "0");
        assertFalse(om.contains("asterisk_trunk_mes{"), "no live call has a report: absent");
        String text = scrape(null);
        assertFalse(text.contains("# {linkedid"), "the 0.0.4 text format has no exemplars");
        assertTrue(text.contains("asterisk_call_mes_bucket{"));
    }

    @Test
    void absentWhileThePbxIsNotLive() throws Exception {
        store.publish(TestSnapshots.pbx("main").quality(quality()).down("connection refused").build());
        String text = scrape(null);
        assertFalse(text.contains("asterisk_call_"), grep(text, "asterisk_call_"));
        assertFalse(text.contains("asterisk_queue_calls_total"));
    }

    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
        store.publish(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP).quality(quality()).build());
        for (String accept : new String[] {null}) { // promtool check metrics reads the text format only
            byte[] body = scrape(accept).getBytes(StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(body);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, p.exitValue(), accept + ": " + out);
        }
    }

    /** A sample line of {@code family} with exactly these labels (any order), whose value part starts with {@code value}. */
    private static void has(String text, String family, String labels, String value) {
        java.util.Set<String> want = new java.util.TreeSet<>();
        for (String kv : labels.split(",")) {
            String[] p = kv.split("=", 2);
            want.add(p[0] + "=\"" + p[1] + "\"");
        }
        for (String line : text.split("\n")) {
            if (!line.startsWith(family + "{")) {
                continue;
            }
            int close = line.indexOf("} ");
            java.util.Set<String> got = new java.util.TreeSet<>(List.of(line.substring(family.length() + 1, close).split(",")));
            if (got.equals(want)) {
                String v = line.substring(close + 2);
                assertTrue(v.startsWith(value), line + " should have " + value);
                return;
            }
        }
        throw new AssertionError(family + "{" + labels + "} not found:\n" + grep(text, family));
    }

    private static String grep(String text, String needle) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.contains(needle)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
