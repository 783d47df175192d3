package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.HttpLimits;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.AlertSink;
import org.pbxmon.incident.intake.IntakeCounters;
import org.pbxmon.incident.intake.RecordingSink;

/** {@link AlertmanagerHandler} behind a real {@link WebServer}, group intake, over real HTTP. */
class AlertmanagerHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Alertmanager 0.25 really sent (AlertmanagerIntakeIT), as one line. */
    static final String PAYLOAD = "{\"receiver\":\"pbxmon\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"TrunkDown\",\"pbx\":\"main\",\"region\":\"eu\",\"severity\":\"critical\","
            + "\"trunk\":\"carrier\"},\"annotations\":{\"summary\":\"carrier trunk unreachable\"},"
            + "\"startsAt\":\"2026-11-28T09:33:01.781Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
            + "\"generatorURL\":\"http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0\",\"fingerprint\":\"002fc601aafe77ef\"}],"
            + "\"groupLabels\":{\"alertname\":\"TrunkDown\"},\"commonLabels\":{\"alertname\":\"TrunkDown\"},"
            + "\"commonAnnotations\":{},\"externalURL\":\"http://vm:41465\",\"version\":\"4\","
            + "\"groupKey\":\"{}:{alertname=\\\"TrunkDown\\\"}\",\"truncatedAlerts\":0}";
    private static final String BASIC = WebFixture.basic(WebFixture.USER, WebFixture.PASS);
    private static final String BEARER = "Bearer " + WebFixture.TOKEN;

    private final RecordingSink sink = new RecordingSink();
    private final IntakeCounters counters = new IntakeCounters();
    private WebFixture web;

    private WebFixture start(HttpLimits limits) throws Exception {
        web = WebFixture.start(WebFixture.http(Map.of("intake", List.of("basic", "bearer")), limits, null),
                List.of(new AlertmanagerHandler(sink, counters).route()));
        return web;
    }

    private WebFixture start() throws Exception {
        return start(HttpLimits.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    private HttpResponse<String> post(String body, String... headers) {
        return web.send("POST", AlertmanagerHandler.PATH, body, headers);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.toString());
        return JSON.readTree(r.body());
    }

    private long rejected(String reason) {
        return counters.rejected().get(reason);
    }

    @Test
    void basicAndBearerDeliverTheAlerts() throws Exception {
        start();
        HttpResponse<String> r = post(PAYLOAD, "Authorization", BASIC, "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("ok", json(r).get("result").asText());
        assertEquals(1, json(r).get("alerts").asInt());
        Alert a = sink.alerts().get(0);
        assertEquals("002fc601aafe77ef", a.fingerprint());
        assertEquals("carrier", a.labels().get("trunk"));

        r = post(PAYLOAD.replace("\"firing\"", "\"resolved\"").replace("0001-01-01T00:00:00Z", "2026-11-28T09:40:00Z"),
                "Authorization", BEARER, "Content-Type", "application/json; charset=utf-8");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Alert.RESOLVED, sink.alerts().get(1).status());
        assertEquals(Map.of("firing", 1L, "resolved", 1L), Map.copyOf(counters.received()));
        assertTrue(counters.rejected().values().stream().allMatch(n -> n == 0), counters.rejected().toString());
    }

    @Test
    void credentialsAreRequired() throws Exception {
        start();
        assertEquals(401, post(PAYLOAD).statusCode());
        assertEquals(401, post(PAYLOAD, "Authorization", WebFixture.basic(WebFixture.USER, "nope")).statusCode());
        assertEquals(401, post(PAYLOAD, "Authorization", "Bearer nope").statusCode());
        HttpResponse<String> r = post(PAYLOAD, "Authorization", "Bearer nope");
        assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Basic")),
                r.headers().toString());
        assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Bearer")),
                r.headers().toString());
        assertEquals(0, sink.offered());
    }

    @Test
    void postOnly() throws Exception {
        start();
        for (String method : List.of("GET", "PUT", "DELETE", "HEAD")) {
            HttpResponse<String> r = web.send(method, AlertmanagerHandler.PATH, null, "Authorization", BASIC);
            assertEquals(405, r.statusCode(), method);
            assertEquals("POST", r.headers().firstValue("Allow").orElse(null), method);
        }
        assertEquals(4, rejected(IntakeCounters.METHOD));
        assertEquals(0, sink.offered());
    }

    @Test
    void contentTypeMustBeJsonOrAbsent() throws Exception {
        start();
        HttpResponse<String> r = post(PAYLOAD, "Authorization", BASIC, "Content-Type", "text/plain");
        assertEquals(415, r.statusCode());
        assertEquals("Content-Type must be application/json, not text/plain", json(r).get("e").asText());
        assertEquals(415, post(PAYLOAD, "Authorization", BASIC, "Content-Type",
                "application/x-www-form-urlencoded").statusCode());
        assertEquals(2, rejected(IntakeCounters.CONTENT_TYPE));
        assertEquals(200, post(PAYLOAD, "Authorization", BASIC).statusCode(), "no Content-Type at all");
        assertEquals(200, post(PAYLOAD, "Authorization", BASIC, "Content-Type", "Application/JSON").statusCode());
        assertEquals(200, post(PAYLOAD, "Authorization", BASIC, "Content-Type", "application/vnd.x+json").statusCode());
        assertEquals(3, sink.offered());
    }

    @Test
    void malformedBodiesAre400WithTheReasonAndNothingReachesTheSink() throws Exception {
        start();
        HttpResponse<String> r = post(PAYLOAD.replace("2026-11-28T09:33:01.781Z", "soon"), "Authorization", BASIC);
        assertEquals(400, r.statusCode());
        assertEquals("error", json(r).get("result").asText());
        assertEquals("alerts[0].startsAt: not an RFC 3339 time: \"soon\"", json(r).get("e").asText());
        r = post(PAYLOAD.substring(0, 100), "Authorization", BASIC);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("e").asText().contains("invalid JSON at line 1"), r.body());
        r = post("", "Authorization", BASIC);
        assertEquals("body: empty", json(r).get("e").asText());
        r = post(PAYLOAD.replace("\"pbx\":\"main\"", "\"pbx\":\"" + "x".repeat(20_000) + "\""), "Authorization", BASIC);
        assertEquals(400, r.statusCode());
        assertEquals("alerts[0].labels.pbx: the value has 20000 bytes, at most 16384", json(r).get("e").asText());
        assertEquals(Map.of("syntax", 2L, "invalid", 1L, "limit", 1L), Map.of("syntax", rejected("syntax"),
                "invalid", rejected("invalid"), "limit", rejected("limit")));
        assertEquals(0, sink.offered());
        assertEquals(Map.of("firing", 0L, "resolved", 0L), Map.copyOf(counters.received()));
    }

    @Test
    void notificationWithoutAlertsIsOkAndNotPassedOn() throws Exception {
        start();
        HttpResponse<String> r = post("{\"version\":\"4\",\"alerts\":[]}", "Authorization", BASIC);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, json(r).get("alerts").asInt());
        assertEquals(0, sink.offered());
    }

    @Test
    void disabledAndBusyAre503() throws Exception {
        start();
        sink.answer(AlertSink.Result.DISABLED, 1);
        HttpResponse<String> r = post(PAYLOAD, "Authorization", BASIC);
        assertEquals(503, r.statusCode());
        assertEquals("incidents are disabled (incidents.enabled)", json(r).get("e").asText());
        assertNull(r.headers().firstValue("Retry-After").orElse(null));

        sink.answer(AlertSink.Result.BUSY, 1);
        r = post(PAYLOAD, "Authorization", BASIC);
        assertEquals(503, r.statusCode());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(AlertmanagerHandler.BUSY_REASON, json(r).get("e").asText());

        assertEquals(200, post(PAYLOAD, "Authorization", BASIC).statusCode(), "the retry is taken");
        assertEquals(1, rejected(IntakeCounters.DISABLED));
        assertEquals(1, rejected(IntakeCounters.BUSY));
        assertEquals(1L, counters.received().get("firing"), "only accepted alerts count as received");
        assertEquals(3, sink.offered());
        assertEquals(1, sink.accepted().size());
    }

    @Test
    void aFailingSinkIs500AndCounted() throws Exception {
        web = WebFixture.start(WebFixture.http(Map.of("intake", List.of("basic"))),
                List.of(new AlertmanagerHandler(alerts -> {
                    throw new IllegalStateException("store exploded");
                }, counters).route()));
        HttpResponse<String> r = post(PAYLOAD, "Authorization", BASIC);
        assertEquals(500, r.statusCode());
        assertEquals("internal error", json(r).get("e").asText());
        assertEquals(1, rejected(IntakeCounters.ERROR));
    }

    @Test
    void theIntakeBodyLimitApplies() throws Exception {
        // Other groups may take 1 KiB; intake 4 KiB: the payload (about 0.8 KiB) padded to 3 KiB passes.
        start(new HttpLimits(8, 64, 1024, 4096, 1024));
        String padded = PAYLOAD.replace("\"summary\":\"carrier trunk unreachable\"",
                "\"summary\":\"" + "s".repeat(3072 - PAYLOAD.length() + "carrier trunk unreachable".length()) + "\"");
        assertEquals(3072, padded.length());
        assertEquals(200, post(padded, "Authorization", BASIC).statusCode());
        String big = PAYLOAD.replace("\"summary\":\"carrier trunk unreachable\"",
                "\"summary\":\"" + "s".repeat(5000) + "\"");
        assertEquals(413, post(big, "Authorization", BASIC).statusCode());
        // Chunked (no Content-Length): the same limits.
        assertEquals(200, chunked(padded).statusCode());
        assertEquals(413, chunked(big).statusCode());
        assertEquals(2, sink.offered());
    }

    private HttpResponse<String> chunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port + AlertmanagerHandler.PATH))
                .timeout(Duration.ofSeconds(10)).header("Authorization", BASIC)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return WebFixture.CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void countsAreExactUnderConcurrency() throws Exception {
        start();
        int threads = 6;
        int each = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        String status = (thread + i) % 2 == 0 ? "firing" : "resolved";
                        String body = PAYLOAD.replace("\"status\":\"firing\",\"labels\"",
                                "\"status\":\"" + status + "\",\"labels\"");
                        HttpResponse<String> r = post(i % 5 == 0 ? body.replace("\"version\":\"4\"", "\"version\":\"5\"")
                                : body, "Authorization", thread % 2 == 0 ? BASIC : BEARER);
                        ok += r.statusCode() == 200 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) {
                ok += f.get();
            }
            assertEquals(threads * each * 4 / 5, ok);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> received = counters.received();
        assertEquals(threads * each * 4 / 5, received.get("firing") + received.get("resolved"));
        assertEquals(sink.alerts().stream().filter(Alert::firing).count(), received.get("firing"));
        assertEquals(threads * each / 5, rejected("invalid"));
    }
}
