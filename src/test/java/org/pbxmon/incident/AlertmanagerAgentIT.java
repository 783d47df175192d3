package org.pbxmon.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.RealAlertmanager;

/**
 * Debian's real Alertmanager 0.25 → a real in-process agent (Bearer token, incidents on, H2 in a temp
 * dir) → one signed raw-JSON callback to a loopback receiver: alerts open and close incidents, re-sends
 * send nothing, the incident API and /metrics follow.
 */
class AlertmanagerAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "am-token-7f3a9c";
    private static final String API_KEY = "api-key-5d1e";
    private static final String ALERT = "PbxmonItHighLoad";
    private static final String ALERT_OBJECT = "alert:" + ALERT;
    private static final String TRUNK_OBJECT = "trunk:main/carrier";

    @TempDir
    Path stateDir;
    private SignedReceiver receiver;
    private Agent agent;
    private RealAlertmanager am;

    @AfterEach
    void stop() {
        if (am != null) {
            am.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private Map<String, Double> metrics() {
        return Http.metrics(agent.port());
    }

    private JsonNode incidents() throws Exception {
        HttpResponse<String> r = Http.get(agent.port(), "/api/v1/incidents?api_key=" + API_KEY + "&format=json");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The API's current groups as "type region objects", e.g. "warning karnataka [alert:X]". */
    private Set<String> groups() throws Exception {
        Set<String> out = new HashSet<>();
        for (JsonNode g : incidents().path("data").path("incidents")) {
            out.add(g.path("type").asText() + " " + g.path("region").asText() + " " + g.path("objects"));
        }
        return out;
    }

    @Test
    void alertsOpenAndCloseIncidentsWithOneSignedCallbackPerStatusChange() throws Exception {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        receiver = SignedReceiver.start(key);
        String yaml = """
                http:
                  listen: 127.0.0.1:0
                  users: [{username: admin, password: pw-Admin-1}]
                  tokens: [{name: am, token: %s}]
                  api_keys: [{name: t, key: %s}]
                pbx: []
                incidents:
                  agent_id: am-it
                  store: {type: h2, state_dir: "%s"}
                  callbacks:
                    - {name: hook, url: "%s", raw_json: on, secret: "whsec_%s", timeout: 2s}
                """.formatted(TOKEN, API_KEY, stateDir, receiver.url(), Base64.getEncoder().encodeToString(key));
        agent = new Agent(LabAgent.config(yaml)).start();
        // every alert of one alertname is one group: a change to the group re-sends its other alerts
        am = RealAlertmanager.start(RealAlertmanager.Webhook.bearer(
                URI.create("http://127.0.0.1:" + agent.port() + "/alertmanager/webhook"), TOKEN));
        assertEquals("E701", incidents().path("status").asText(), "nothing is wrong yet");

        // 1. a firing alert opens an incident on alert:<alertname>, with its region from the label
        Instant startsA = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> a = Map.of("alertname", ALERT, "severity", "warning", "region", "karnataka",
                "instance", "pbx-a");
        Map<String, String> annotations = Map.of("summary", "load is high on pbx-a");
        am.addAlert(a, annotations, startsA, null);
        Await.until(WAIT, () -> receiver.deliveries().size(), 1, "the first callback; Alertmanager log:\n" + am.log());
        SignedReceiver.Delivery first = receiver.deliveries().get(0);
        assertTrue(first.signed(), "signature verified independently: " + first);
        JsonNode e1 = first.event();
        assertEquals(first.id(), e1.path("id").asText(), "webhook-id is the event id");
        assertTrue(first.id().startsWith("evt_"), first.id());
        assertEquals("status_changed", e1.path("type").asText());
        assertEquals(ALERT_OBJECT, first.objectId());
        assertEquals("operational", e1.path("previous_status").asText());
        assertEquals("warning", first.finalStatus());
        assertEquals("am-it", e1.path("agent").asText());
        assertEquals("load is high on pbx-a", e1.path("incidents").path(0).path("summary").asText());
        assertTrue(e1.path("incidents").path(0).path("key").asText().startsWith("am:"), e1.toString());
        assertTrue(Math.abs(Long.parseLong(first.timestamp()) - Instant.now().getEpochSecond()) < 600,
                first.timestamp());

        assertEquals(Set.of("warning karnataka [\"" + ALERT_OBJECT + "\"]"), groups());
        JsonNode api = incidents();
        assertEquals(200, api.path("status").asInt());
        assertEquals("OK", api.path("message").asText());
        // /metrics follows within a tick of the engine (the intake publishes the view at most every 250 ms)
        Await.until(WAIT, () -> metrics().get("pbxmon_incidents_open{severity=\"warning\"}"), 1.0, "open warnings");
        assertEquals(0.0, metrics().get("pbxmon_incidents_open{severity=\"critical\"}"));
        Await.until(WAIT, () -> metrics().get("pbxmon_callbacks_sent_total{callback=\"hook\"}"), 1.0, "sent");

        // 2. the same alert again: Alertmanager knows it already; the agent must not send a second callback
        am.addAlert(a, annotations, startsA, null);

        // 3. a second alert of the same group, about trunk carrier of PBX main, critical: Alertmanager
        // sends the group again, the first alert included (a re-send of an unchanged state)
        Map<String, String> b = Map.of("alertname", ALERT, "severity", "critical", "pbx", "main", "trunk", "carrier");
        am.addAlert(b, Map.of("summary", "carrier trunk is overloaded"), startsA, null);
        Await.until(WAIT, () -> receiver.deliveries().size(), 2, "the trunk's callback");
        SignedReceiver.Delivery second = receiver.deliveries().get(1);
        assertTrue(second.signed(), second.toString());
        assertEquals(TRUNK_OBJECT, second.objectId());
        assertEquals("critical", second.finalStatus());
        assertEquals("trunk", second.event().path("object").path("kind").asText());
        assertEquals("main", second.event().path("object").path("pbx").asText());
        assertEquals("carrier", second.event().path("object").path("name").asText());
        assertNotEquals(first.id(), second.id());
        Await.until(WAIT, () -> metrics().get("pbxmon_alertmanager_alerts_received_total{status=\"firing\"}") >= 3,
                true, "the first alert re-sent with the second (1 + 2 alerts received)");
        assertEquals(Set.of("warning karnataka [\"" + ALERT_OBJECT + "\"]", "critical  [\"" + TRUNK_OBJECT + "\"]"),
                groups());
        Map<String, Double> m = metrics();
        assertEquals(1.0, m.get("pbxmon_incidents_open{severity=\"warning\"}"));
        assertEquals(1.0, m.get("pbxmon_incidents_open{severity=\"critical\"}"));

        // 4. resolving the first closes it: its object is operational again; the trunk's alert, re-sent
        // once more with the resolution, changes nothing
        am.resolve(a, annotations, startsA);
        Await.until(WAIT, () -> receiver.deliveries().size(), 3, "the resolution's callback");
        SignedReceiver.Delivery third = receiver.deliveries().get(2);
        assertTrue(third.signed(), third.toString());
        assertEquals(ALERT_OBJECT, third.objectId());
        assertEquals("warning", third.event().path("previous_status").asText());
        assertEquals("operational", third.finalStatus());
        assertEquals(0, third.event().path("incidents").size(), third.toString());
        Await.until(WAIT, () -> metrics().get("pbxmon_incidents_open{severity=\"warning\"}"), 0.0, "warning open");
        assertEquals(Set.of("critical  [\"" + TRUNK_OBJECT + "\"]"), groups());

        // 5. the trunk's alert resolved: nothing is wrong
        am.resolve(b, Map.of("summary", "carrier trunk is overloaded"), startsA);
        Await.until(WAIT, () -> receiver.deliveries().size(), 4, "the trunk's resolution");
        SignedReceiver.Delivery fourth = receiver.deliveries().get(3);
        assertTrue(fourth.signed(), fourth.toString());
        assertEquals(TRUNK_OBJECT, fourth.objectId());
        assertEquals("operational", fourth.finalStatus());
        JsonNode none = incidents();
        assertEquals("E701", none.path("status").asText(), none.toString());
        Await.until(WAIT, () -> metrics().get("pbxmon_incidents_open{severity=\"critical\"}"), 0.0, "critical open");
        assertEquals(0.0, metrics().get("pbxmon_incidents_open{severity=\"warning\"}"));

        // and nothing more comes: one callback per status change, never a repeat
        Await.sleep(3_000);
        List<SignedReceiver.Delivery> all = receiver.deliveries();
        assertEquals(4, all.size(), all.toString());
        assertEquals(List.of("warning", "operational"), receiver.about(ALERT_OBJECT).stream()
                .map(SignedReceiver.Delivery::finalStatus).toList());
        assertEquals(List.of("critical", "operational"), receiver.about(TRUNK_OBJECT).stream()
                .map(SignedReceiver.Delivery::finalStatus).toList());
        assertEquals(4, all.stream().map(SignedReceiver.Delivery::id).distinct().count());
        m = metrics();
        assertEquals(4.0, m.get("pbxmon_callbacks_sent_total{callback=\"hook\"}"));
        assertEquals(0.0, m.get("pbxmon_callback_outbox_pending{callback=\"hook\"}"));
        assertEquals(0.0, m.get("pbxmon_callback_dead_letters{callback=\"hook\"}"));
        assertTrue(m.get("pbxmon_alertmanager_alerts_received_total{status=\"resolved\"}") >= 2, m.toString());
    }
}
