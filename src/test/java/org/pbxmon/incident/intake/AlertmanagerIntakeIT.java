package org.pbxmon.incident.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ApiToken;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.config.HttpLimits;
import org.pbxmon.config.Secret;
import org.pbxmon.config.UserCredential;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.AlertSink;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.RealAlertmanager;
import org.pbxmon.web.AlertmanagerHandler;
import org.pbxmon.web.Route;
import org.pbxmon.web.WebServer;

/**
 * Debian's real Alertmanager 0.25 → {@link AlertmanagerHandler} in a real {@link WebServer} (group
 * {@code intake}, Basic and Bearer) → a recording sink: what Alertmanager really sends is parsed,
 * authenticated, and handed over, firing then resolved.
 */
class AlertmanagerIntakeIT {
    private static final String USER = "alertmanager";
    private static final String PASS = "am-Pass-9x";
    private static final String TOKEN = "am-token-5c2e";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final RecordingSink sink = new RecordingSink();
    private final IntakeCounters counters = new IntakeCounters();
    /** Every raw body that reached the route, before the handler. */
    private final ConcurrentLinkedQueue<byte[]> raw = new ConcurrentLinkedQueue<>();
    private WebServer web;
    private RealAlertmanager am;

    private URI startWeb() throws Exception {
        HttpConfig http = new HttpConfig("127.0.0.1", 0, List.of(new UserCredential(USER, Secret.of(PASS))),
                Map.of("intake", List.of("basic", "bearer")), HttpConfig.DEFAULT_REALM,
                List.of(new ApiToken("am", Secret.of(TOKEN))), List.of(), null, HttpLimits.DEFAULT);
        SnapshotStore store = new SnapshotStore();
        AgentInfo info = new AgentInfo("test", "test", System.currentTimeMillis(), "it", "<test>", "stderr");
        AlertmanagerHandler handler = new AlertmanagerHandler(sink, counters);
        HttpHandler recording = ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            raw.add(body);
            ex.setStreams(new ByteArrayInputStream(body), null);
            handler.handle(ex);
        };
        HttpHandler metrics = ex -> ex.sendResponseHeaders(204, -1);
        web = new WebServer(http, store, new StatusTree(store, info), metrics,
                List.of(new Route(AlertmanagerHandler.PATH, AlertmanagerHandler.GROUP, recording)));
        web.start();
        return URI.create("http://127.0.0.1:" + web.port() + AlertmanagerHandler.PATH);
    }

    @AfterEach
    void stop() throws Exception {
        if (am != null) {
            am.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void firingThenResolvedWithBasicAuth() throws Exception {
        am = RealAlertmanager.start(RealAlertmanager.Webhook.basic(startWeb(), USER, PASS));
        Map<String, String> labels = Map.of("alertname", "TrunkDown", "pbx", "main", "trunk", "carrier",
                "severity", "critical", "region", "eu");
        Map<String, String> annotations = Map.of("summary", "carrier trunk unreachable", "description", "üñí €");
        Instant startsAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        am.addAlert(labels, annotations, startsAt, null);

        Alert firing = awaitAlert("TrunkDown", Alert.FIRING);
        assertEquals(labels, firing.labels());
        assertEquals(annotations, firing.annotations());
        assertEquals(startsAt.toEpochMilli(), firing.startsAt());
        assertEquals(Fingerprints.of(labels), firing.fingerprint(),
                "our derived fingerprint is Alertmanager's own");
        assertTrue(firing.generatorUrl().startsWith("http://prometheus.test:9090/"), firing.generatorUrl());

        AlertmanagerPayload first = AlertmanagerPayload.parse(raw.peek());
        assertEquals("4", first.version());
        assertEquals("pbxmon", first.receiver());
        assertEquals(Alert.FIRING, first.status());
        assertEquals(0, first.truncatedAlerts());
        assertTrue(first.groupKey().contains("TrunkDown"), first.groupKey());
        assertFalse(first.externalUrl().isEmpty());

        am.resolve(labels, annotations, startsAt);
        Alert resolved = awaitAlert("TrunkDown", Alert.RESOLVED);
        assertEquals(firing.fingerprint(), resolved.fingerprint());
        assertNotNull(resolved.endsAt(), "a resolved alert has its end");
        assertTrue(resolved.endsAt() >= startsAt.toEpochMilli());
        assertEquals(Map.of("firing", 1L, "resolved", 1L), Map.copyOf(counters.received()));
        assertTrue(counters.rejected().values().stream().allMatch(n -> n == 0), counters.rejected().toString());
        raw.forEach(b -> System.out.println("A real Alertmanager notification:\n" + new String(b, StandardCharsets.UTF_8)));
    }

    @Test
    void bearerAuthAndEveryAlertOfAGroupInOneBatch() throws Exception {
        am = RealAlertmanager.start(RealAlertmanager.Webhook.bearer(startWeb(), TOKEN));
        Instant startsAt = Instant.now().minusSeconds(30);
        for (String pbx : List.of("a", "b", "c")) {
            am.addAlert(Map.of("alertname", "PbxDown", "pbx", pbx), Map.of(), startsAt, null);
        }
        await(() -> sink.accepted().stream().anyMatch(b -> b.size() == 3), "one notification with the three alerts");
        List<Alert> batch = sink.accepted().stream().filter(b -> b.size() == 3).findFirst().orElseThrow();
        assertEquals(3, batch.stream().map(Alert::fingerprint).distinct().count());
        assertTrue(batch.stream().allMatch(Alert::firing));
        assertNull(batch.get(0).endsAt(), "Alertmanager sends a firing alert without its own end as the zero time");
    }

    @Test
    void busyIsRetriedByAlertmanager() throws Exception {
        sink.answer(AlertSink.Result.BUSY, 1);
        am = RealAlertmanager.start(RealAlertmanager.Webhook.basic(startWeb(), USER, PASS));
        am.addAlert(Map.of("alertname", "QueueFull", "pbx", "main"), Map.of(), Instant.now().minusSeconds(10), null);
        awaitAlert("QueueFull", Alert.FIRING);
        assertTrue(sink.offered() >= 2, "offered " + sink.offered());
        assertEquals(1L, counters.rejected().get(IntakeCounters.BUSY));
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        am = RealAlertmanager.start(RealAlertmanager.Webhook.basic(startWeb(), USER, "wrong"));
        am.addAlert(Map.of("alertname", "Nope", "pbx", "main"), Map.of(), Instant.now().minusSeconds(10), null);
        await(() -> failedWebhookNotifications() > 0, "Alertmanager counts a failed webhook notification");
        assertTrue(raw.isEmpty(), "nothing passed the Router's auth");
        assertEquals(0, sink.offered());
    }

    private double failedWebhookNotifications() {
        String text = get(am.url().resolve("/metrics"));
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("alertmanager_notifications_failed_total{") && line.contains("integration=\"webhook\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String get(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(uri + ": " + e, e);
        }
    }

    private Alert awaitAlert(String alertname, String status) {
        await(() -> find(alertname, status) != null, "a " + status + " " + alertname + " alert reaches the sink");
        return find(alertname, status);
    }

    /** Waits for the condition; on failure, says what Alertmanager logged meanwhile. */
    private void await(Supplier<Boolean> condition, String what) {
        try {
            Await.until(DEADLINE, condition, true, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nAlertmanager's log:\n" + am.log(), e);
        }
    }

    private Alert find(String alertname, String status) {
        return sink.alerts().stream()
                .filter(a -> alertname.equals(a.labels().get("alertname")) && status.equals(a.status()))
                .findFirst().orElse(null);
    }
}
