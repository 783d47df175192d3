package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.DialStatus;
import org.pbxmon.sim.Quality;
import org.pbxmon.sim.SimCall;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/**
 * The admin's three questions, answered by the agent over real HTTP while the simulator sends
 * RTCP, RTPAUDIOQOS, dial and queue events over real TCP: which trunk sounds bad now, what the
 * carrier's ASR and ACD were, which queue is under its service level.
 */
class CallQualityIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUT = "direction=\"outbound\",kind=\"trunk\",pbx=\"lab\"";
    private AmiSimulator sim;
    private LabAgent agent;

    @BeforeEach
    void start() throws Exception {
        sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET);
        agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, "    quality:\n      poor_mes: 70\n"
                + "      service_level_thresholds: [20s]\n"));
        Await.until(T, () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "asterisk_up");
    }

    @AfterEach
    void stop() {
        agent.close();
        sim.close();
    }

    /** The series' value, with its labels given in any order (the exposition sorts them, {@code le} last). */
    private Double m(String series) {
        int open = series.indexOf('{');
        if (open < 0) {
            return agent.metric(series);
        }
        java.util.List<String> labels = new java.util.ArrayList<>(java.util.List.of(
                series.substring(open + 1, series.length() - 1).split(",")));
        labels.sort((a, b) -> a.startsWith("le=") ? 1 : b.startsWith("le=") ? -1 : a.compareTo(b));
        return agent.metric(series.substring(0, open) + "{" + String.join(",", labels) + "}");
    }

    private JsonNode status(String path) {
        try {
            return JSON.readTree(Http.get(agent.port(), "/status?path=" + path, LabAgent.USER, LabAgent.PASSWORD).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode zabbixRow(String kind, String id) {
        try {
            JsonNode rows = JSON.readTree(Http.get(agent.port(), "/zabbix/items/lab/" + kind, LabAgent.USER,
                    LabAgent.PASSWORD).body());
            for (JsonNode r : rows) {
                if (r.path("id").asText().equals(id)) {
                    return r;
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTrunkWithBadAudioShowsNowAndAfterTheCall() throws Exception {
        sim.world().setEndpointQuality("carrier", new Quality(55, 0.040, 0.05, 0.300));
        SimCall call = sim.world().startCall("102", "carrier");
        sim.world().answer(call);
        Await.until(T, () -> m("asterisk_calls_poor_quality{pbx=\"lab\",trunk=\"carrier\"}"), 0.0, "live, no report yet");
        sim.world().rtcp(call);
        Await.until(T, () -> m("asterisk_calls_poor_quality{pbx=\"lab\",trunk=\"carrier\"}"), 1.0, "poor call now");
        double mes = m("asterisk_trunk_mes{pbx=\"lab\",trunk=\"carrier\"}");
        assertTrue(mes >= 50 && mes <= 60, "live MES " + mes);
        JsonNode now = status("app.pbx.lab.quality.trunks.carrier");
        assertEquals(1, now.path("poor_calls").asInt(), now.toString());
        assertTrue(now.path("mes").asDouble() < 70, now.toString());
        assertTrue(status("app.pbx.lab.trunks.list.PJSIP/carrier.quality").path("mes").asDouble() < 70);
        JsonNode row = zabbixRow("trunks", "PJSIP/carrier");
        assertTrue(row.path("mes").asDouble() < 70 && row.path("poor_calls").asInt() == 1, row.toString());

        sim.world().hangup(call, 16);
        String count = "asterisk_call_mes_count{" + OUT + ",stream=\"rx\",trunk=\"carrier\"}";
        Await.until(T, () -> m(count), 1.0, count);
        assertEquals(1.0, m("asterisk_call_mes_bucket{" + OUT + ",stream=\"rx\",trunk=\"carrier\",le=\"60.0\"}"));
        assertEquals(0.0, m("asterisk_call_mes_bucket{" + OUT + ",stream=\"rx\",trunk=\"carrier\",le=\"50.0\"}"));
        assertEquals(1.0, m("asterisk_call_jitter_seconds_bucket{" + OUT + ",stream=\"rx\",trunk=\"carrier\",le=\"0.05\"}"));
        assertEquals(0.0, m("asterisk_call_jitter_seconds_bucket{" + OUT + ",stream=\"rx\",trunk=\"carrier\",le=\"0.03\"}"));
        assertEquals(0.0, m("asterisk_call_quality_missing_total{" + OUT + ",trunk=\"carrier\"}"));
        assertEquals(0.0, m("asterisk_trunk_mes{pbx=\"lab\",trunk=\"carrier\"}") == null ? 0.0 : 1.0,
                "no live call: the live MES is absent");

        String om = openMetrics();
        assertTrue(om.contains("# {linkedid=\"" + call.linkedId() + "\"}"), "the call's Linkedid as an exemplar");
    }

    @Test
    void aCarriersOutcomesGiveAsrAndAcd() {
        SimCall answered = sim.world().startCall("102", "carrier");
        sim.world().answer(answered);
        Await.until(T, () -> m("asterisk_trunk_channels{pbx=\"lab\",trunk=\"carrier\"}"), 1.0, "trunk channel");
        Await.sleep(1_100);
        sim.world().hangup(answered, 16);
        sim.world().endUnanswered(sim.world().startCall("103", "carrier"), DialStatus.BUSY);
        sim.world().endUnanswered(sim.world().startCall("103", "carrier"), DialStatus.CONGESTION);
        sim.world().endUnanswered(sim.world().startCall("103", "carrier"), DialStatus.NOANSWER);
        String attempts = "asterisk_call_attempts_total{" + OUT + ",trunk=\"carrier\",disposition=\"%s\"}";
        Await.until(T, () -> m(String.format(attempts, "congestion")), 1.0, "congestion");
        assertEquals(1.0, m(String.format(attempts, "answered")));
        assertEquals(1.0, m(String.format(attempts, "busy")));
        assertEquals(1.0, m(String.format(attempts, "no_answer")));
        assertEquals(0.0, m(String.format(attempts, "failed")));
        assertEquals(1.0, m("asterisk_hangup_causes_total{" + OUT + ",trunk=\"carrier\",cause=\"user_busy\"}"));
        JsonNode h = status("app.pbx.lab.quality.trunks.carrier.last_1h");
        assertEquals(4, h.path("attempts").asInt(), h.toString());
        assertEquals(0.25, h.path("asr").asDouble(), 1e-9, h.toString());
        assertEquals(0.75, h.path("ner").asDouble(), 1e-9, "busy and no answer are network-effective: " + h);
        assertTrue(h.path("acd_seconds").isNumber(), "one answered call: ACD known " + h);
        assertEquals(0.25, zabbixRow("trunks", "PJSIP/carrier").path("asr_1h").asDouble(), 1e-9);
    }

    @Test
    void aQueueUnderItsServiceLevel() {
        SimCall fast = sim.world().startCall("carrier", "103");
        sim.world().queueJoin("sales", fast);
        sim.world().answer(fast);
        SimCall gaveUp = sim.world().startCall("carrier", "102");
        sim.world().queueJoin("sales", gaveUp);
        sim.world().queueAbandon("sales", gaveUp);
        sim.world().hangup(gaveUp, 16);
        String sl = "asterisk_queue_service_level_ratio{pbx=\"lab\",queue=\"sales\",threshold=\"20\"}";
        Await.until(T, () -> m(sl), 0.5, sl);
        assertEquals(1.0, m("asterisk_queue_calls_total{outcome=\"answered\",pbx=\"lab\",queue=\"sales\"}"));
        assertEquals(1.0, m("asterisk_queue_calls_total{outcome=\"abandoned\",pbx=\"lab\",queue=\"sales\"}"));
        assertEquals(null, m("asterisk_queue_service_level_ratio{pbx=\"lab\",queue=\"support\",threshold=\"20\"}"),
                "no caller in support's window: absent");
        JsonNode q = status("app.pbx.lab.quality.queues.sales");
        assertEquals(0.5, q.path("service_level").path("answered_within").path("20s").asDouble(), 1e-9, q.toString());
        assertEquals(0.5, zabbixRow("queues", "sales").path("service_level").asDouble(), 1e-9);
    }

    private String openMetrics() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (LabAgent.USER + ":" + LabAgent.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
    }
}
