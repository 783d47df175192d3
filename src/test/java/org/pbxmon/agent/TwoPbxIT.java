package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

class TwoPbxIT {
    @Test
    void onePbxGoingDownLeavesTheOtherAlone() throws Exception {
        try (AmiSimulator a = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
                AmiSimulator b = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("a", a, ""), LabAgent.pbxYaml("b", b, ""))) {
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"a\"}"), 1.0, "a up");
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"b\"}"), 1.0, "b up");
            a.close();
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"a\"}"), 0.0, "a down");
            b.world().registrationStatus("carrier-reg", "Rejected");
            Await.until(Duration.ofSeconds(10),
                    () -> agent.metric("asterisk_trunk_registered{pbx=\"b\",technology=\"PJSIP\",trunk=\"carrier-reg\"}"), 0.0, "b live");
            assertEquals(1.0, agent.metric("asterisk_up{pbx=\"b\"}"));
            assertEquals(0.0, agent.metric("asterisk_ami_reconnects_total{pbx=\"b\"}"));
            assertEquals(503, Http.get(agent.port(), "/health", LabAgent.USER, LabAgent.PASSWORD).statusCode());
            assertEquals("\"Warning\"", Http.get(agent.port(), "/status?path=app.master.general.app_status",
                    LabAgent.USER, LabAgent.PASSWORD).body().trim());
            assertEquals("\"restarting\"", Http.get(agent.port(), "/status?path=app.master.general.app_state",
                    LabAgent.USER, LabAgent.PASSWORD).body().trim());
        }
    }

    @Test
    void agentServesWhileThePbxIsDownAndConnectsWhenItComesUp() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String yaml = """
                  - name: late
                    ami:
                      host: 127.0.0.1
                      port: %d
                      username: pbxmon
                      secret: ${AMI_SECRET}
                      connect_timeout: 1s
                      reconnect_backoff_max: 1s
                """.formatted(port);
        try (LabAgent agent = LabAgent.start(yaml)) {
            Await.until(Duration.ofSeconds(5), () -> agent.metric("asterisk_up{pbx=\"late\"}"), 0.0, "down");
            assertEquals("\"Error\"", Http.get(agent.port(), "/status?path=app.master.general.app_status",
                    LabAgent.USER, LabAgent.PASSWORD).body().trim());
            try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret", port)) {
                Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"late\"}"), 1.0, "up");
            }
        }
    }

    @Test
    void wrongSecretIsStoppedNotCrashed() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "other-secret");
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("x", sim, ""))) {
            Await.until(Duration.ofSeconds(10), () -> Http.get(agent.port(), "/status?path=app.master.general.app_state",
                    LabAgent.USER, LabAgent.PASSWORD).body().trim(), "\"stopped\"", "stopped");
            String status = Http.get(agent.port(), "/status", LabAgent.USER, LabAgent.PASSWORD).body();
            assertEquals(false, status.contains("sim-secret"), status);
        }
    }
}
