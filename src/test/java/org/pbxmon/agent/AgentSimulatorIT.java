package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimCall;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/** The agent against the AMI simulator over real TCP, read through real HTTP. */
class AgentSimulatorIT {
    private static final Duration T = Duration.ofSeconds(10);
    private AmiSimulator sim;
    private LabAgent agent;

    @BeforeEach
    void start() throws Exception {
        sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
        agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, "    trunks:\n      capacity_channels:\n        carrier: 30\n"));
        Await.until(T, () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "asterisk_up");
    }

    @AfterEach
    void stop() {
        agent.close();
        sim.close();
    }

    private Double m(String series) {
        return agent.metric(series);
    }

    @Test
    void initialSyncGivesTheLabAsTheCapturesShowIt() {
        assertEquals(1.0, m("asterisk_build_info{pbx=\"lab\",version=\"22.10.1\"}"));
        assertEquals(1.0, m("asterisk_endpoint_up{endpoint=\"102\",kind=\"extension\",pbx=\"lab\",technology=\"PJSIP\"}"));
        assertEquals(0.0, m("asterisk_endpoint_up{endpoint=\"101\",kind=\"extension\",pbx=\"lab\",technology=\"PJSIP\"}"));
        assertEquals(1.0, m("asterisk_endpoint_up{endpoint=\"carrier\",kind=\"trunk\",pbx=\"lab\",technology=\"PJSIP\"}"));
        assertEquals(1.0, m("asterisk_endpoint_up{endpoint=\"carrier-iax\",kind=\"trunk\",pbx=\"lab\",technology=\"IAX2\"}"));
        assertEquals(0.0, m("asterisk_endpoint_up{endpoint=\"iaxphone1\",kind=\"extension\",pbx=\"lab\",technology=\"IAX2\"}"));
        assertEquals(1.0, m("asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"carrier-reg\"}"));
        assertEquals(0.0, m("asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"badauth-reg\"}"));
        assertEquals(30.0, m("asterisk_trunk_capacity_channels{pbx=\"lab\",trunk=\"carrier\"}"));
        assertEquals(0.0, m("asterisk_channels{pbx=\"lab\"}"));
        // chan_sip is gone on Asterisk 22: no sip_peers collector, no failure
        assertEquals(null, m("pbxmon_collector_success{collector=\"sip_peers\",pbx=\"lab\"}"));
        assertEquals(1.0, m("pbxmon_collector_success{collector=\"pjsip_registrations\",pbx=\"lab\"}"));
        // the lab's badauth-reg and deadprovider-reg are Rejected: a Warning that names them, as
        // /zabbix/summary counts them
        assertEquals("\"Warning\"", status("app_status"));
        String err = status("app_err");
        assertTrue(err.contains("registration PJSIP/badauth-reg Rejected"), err);
        assertTrue(err.contains("registration PJSIP/deadprovider-reg Rejected"), err);
        assertTrue(err.startsWith("\"pbx lab: "), err);
        assertEquals("2", Http.get(agent.port(), "/zabbix/summary", LabAgent.USER, LabAgent.PASSWORD).body()
                .replaceAll(".*\"failed_objects_cnt\":(\\d+).*", "$1").trim());
        sim.world().registrationStatus("badauth-reg", "Registered");
        sim.world().registrationStatus("deadprovider-reg", "Registered");
        Await.until(T, () -> status("app_status"), "\"Ok\"", "Ok once every registration is Registered");
        assertEquals("\"<nil>\"", status("app_err"));
    }

    private String status(String field) {
        return Http.get(agent.port(), "/status?path=app.master.general." + field, LabAgent.USER, LabAgent.PASSWORD)
                .body().trim();
    }

    @Test
    void trunkRegistrationFailsAndRecovers() {
        String reg = "asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"carrier-reg\"}";
        sim.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(T, () -> m(reg), 0.0, reg);
        sim.world().registrationStatus("carrier-reg", "Registered");
        Await.until(T, () -> m(reg), 1.0, reg);
    }

    @Test
    void endpointsUnregisterAndRegister() {
        String ep = "asterisk_endpoint_up{endpoint=\"102\",kind=\"extension\",pbx=\"lab\",technology=\"PJSIP\"}";
        sim.world().unregisterEndpoint("102");
        Await.until(T, () -> m(ep), 0.0, ep);
        sim.world().registerEndpoint("102");
        Await.until(T, () -> m(ep), 1.0, ep);
        sim.world().iaxPeerStatus("carrier-iax", "UNREACHABLE");
        String iax = "asterisk_endpoint_up{endpoint=\"carrier-iax\",kind=\"trunk\",pbx=\"lab\",technology=\"IAX2\"}";
        Await.until(T, () -> m(iax), 0.0, iax);
    }

    @Test
    void callsCountOnceThroughLocalChannels() {
        SimCall direct = sim.world().startCall("102", "carrier");
        sim.world().answer(direct);
        SimCall local = sim.world().startLocalCall("103");
        Await.until(T, () -> m("asterisk_channels{pbx=\"lab\"}"), 5.0, "channels");
        assertEquals(2.0, m("asterisk_calls_active{pbx=\"lab\"}"));
        Await.until(T, () -> m("asterisk_trunk_channels{pbx=\"lab\",trunk=\"carrier\"}"), 1.0, "trunk channels");
        assertEquals(1.0, m("asterisk_bridges{pbx=\"lab\"}"));
        sim.world().hangup(direct, 16);
        sim.world().hangup(local, 16);
        Await.until(T, () -> m("asterisk_calls_processed_total{pbx=\"lab\"}"), 2.0, "processed");
        assertEquals(0.0, m("asterisk_calls_active{pbx=\"lab\"}"));
        assertEquals(0.0, m("asterisk_bridges{pbx=\"lab\"}"));
    }

    @Test
    void queueCallersJoinAndLeave() {
        SimCall c = sim.world().startLocalCall("103");
        sim.world().queueJoin("support", c);
        Await.until(T, () -> m("asterisk_queue_callers{pbx=\"lab\",queue=\"support\"}"), 1.0, "callers");
        sim.world().queueLeave("support", c);
        Await.until(T, () -> m("asterisk_queue_callers{pbx=\"lab\",queue=\"support\"}"), 0.0, "callers");
        sim.world().queueMemberStatus("sales", "PJSIP/102", 1, true);
        Await.until(T, () -> m("asterisk_queue_members{pbx=\"lab\",queue=\"sales\",state=\"paused\"}"), 1.0, "paused");
    }

    @Test
    void reconnectsAfterTheSocketDrops() {
        sim.dropConnections();
        Await.until(T, () -> m("asterisk_ami_reconnects_total{pbx=\"lab\"}"), 1.0, "reconnects");
        Await.until(T, () -> m("asterisk_up{pbx=\"lab\"}"), 1.0, "up again");
        // a change made after the reconnect is seen: the new session has events
        sim.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(T, () -> m("asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"carrier-reg\"}"), 0.0, "registration");
    }

    @Test
    void halfOpenSessionIsDetected() {
        long t0 = System.nanoTime();
        sim.stall(true);
        Await.until(Duration.ofSeconds(30), () -> m("asterisk_up{pbx=\"lab\"}"), 0.0, "down while stalled");
        long detectedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(detectedMs < 6_000, "half-open detected after " + detectedMs + " ms with ping 1s/response 1s/read 3s");
        sim.stall(false);
        Await.until(T, () -> m("asterisk_up{pbx=\"lab\"}"), 1.0, "up after the stall");
    }

    @Test
    void reloadTriggersAResync() {
        sim.world().reload();
        Await.until(T, () -> m("asterisk_ami_resyncs_total{pbx=\"lab\"}") >= 1, true, "resync after Reload");
        assertEquals(1.0, m("asterisk_up{pbx=\"lab\"}"));
    }

    @Test
    void demoStyleOutputPassesTheFormatsPrometheusAsksFor() {
        var om = Http.get(agent.port(), "/metrics");
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        java.net.http.HttpResponse<String> r;
        try {
            r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + agent.port() + "/metrics"))
                    .header("Accept", "application/openmetrics-text;version=1.0.0").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(r.body().contains("# TYPE asterisk_ami_events counter"), r.body());
        assertTrue(r.body().trim().endsWith("# EOF"));
    }

    @Test
    void garbageIsCountedNotFatal() {
        sim.sendGarbage("this is not AMI\r\n\u0000\u00ff garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Await.until(T, () -> m("asterisk_ami_malformed_frames_total{pbx=\"lab\",reason=\"no_colon\"}") > 0, true, "malformed counted");
        sim.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(T, () -> m("asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"carrier-reg\"}"), 0.0, "still live");
        assertEquals(0.0, m("asterisk_ami_reconnects_total{pbx=\"lab\"}"));
    }

    @Test
    void unknownEventsAreCountedAndHarmless() {
        double before = m("asterisk_ami_events_total{pbx=\"lab\"}");
        sim.world().noise(50);
        sim.sendGarbage("Event: PbxmonFutureEvent\r\nPrivilege: call,all\r\nFoo: bar\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Await.until(T, () -> m("asterisk_ami_events_total{pbx=\"lab\"}") >= before + 51, true, "events counted");
        assertEquals(1.0, m("asterisk_up{pbx=\"lab\"}"));
        assertEquals(0.0, m("asterisk_ami_reconnects_total{pbx=\"lab\"}"));
    }

    @Test
    void httpSurface() {
        assertEquals(401, Http.get(agent.port(), "/status").statusCode());
        assertEquals(401, Http.get(agent.port(), "/status", LabAgent.USER, "wrong").statusCode());
        assertEquals(200, Http.get(agent.port(), "/status", LabAgent.USER, LabAgent.PASSWORD).statusCode());
        assertEquals(404, Http.get(agent.port(), "/statusX", LabAgent.USER, LabAgent.PASSWORD).statusCode());
        assertEquals(404, Http.get(agent.port(), "/status?path=app.nope", LabAgent.USER, LabAgent.PASSWORD).statusCode());
        assertEquals("true", Http.get(agent.port(), "/status?path=app.pbx.lab.ami.logged_in",
                LabAgent.USER, LabAgent.PASSWORD).body().trim());
        assertEquals("\"pbxmon@127.0.0.1:" + sim.port() + "\"", Http.get(agent.port(), "/status?path=app.pbx.lab.source",
                LabAgent.USER, LabAgent.PASSWORD).body().trim());
        assertEquals(401, Http.get(agent.port(), "/health").statusCode());
        assertEquals(200, Http.get(agent.port(), "/health", LabAgent.USER, LabAgent.PASSWORD).statusCode());
        assertEquals(200, Http.get(agent.port(), "/-/healthy").statusCode());
        String body = Http.get(agent.port(), "/metrics?name[]=asterisk_up").body();
        assertTrue(body.contains("asterisk_up{pbx=\"lab\"} 1"), body);
        assertFalse(body.contains("asterisk_channels"), body);
    }
}
