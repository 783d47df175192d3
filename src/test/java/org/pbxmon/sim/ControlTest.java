package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlTest {

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (!cond.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void dropConnectionsClosesClientsButKeepsListening() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret")) {
            AmiClient a = AmiClient.loggedIn(sim.port(), "off");
            AmiClient b = AmiClient.loggedIn(sim.port(), null);
            waitFor(() -> sim.loggedInSessions() == 2);
            assertEquals(2, sim.loggedInSessions());
            sim.dropConnections();
            assertTrue(a.closedWithin(2000));
            assertTrue(b.closedWithin(2000));
            waitFor(() -> sim.loggedInSessions() == 0);
            assertEquals(0, sim.loggedInSessions());
            try (AmiClient again = AmiClient.loggedIn(sim.port(), "off")) {
                again.action("Ping", "p");
                assertEquals("Pong", again.read().get("Ping"));
            }
            assertEquals(3, sim.totalLogins());
            a.close();
            b.close();
        }
    }

    @Test
    void stallKeepsSocketsOpenButSilent() throws Exception {
        SimWorld w = SimWorld.lab();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), null)) {
            c.readUntil(m -> "SuccessfulAuth".equals(m.get("Event")));
            sim.stall(true);
            c.action("Ping", "during-stall");
            w.registrationStatus("carrier-reg", "Rejected");
            w.noise(5);
            assertTrue(c.silentFor(400));
            try (Socket fresh = new Socket("127.0.0.1", sim.port())) {
                fresh.setSoTimeout(300);
                assertThrows(java.net.SocketTimeoutException.class, () -> fresh.getInputStream().read());
            }
            sim.stall(false);
            c.action("Ping", "after-stall");
            Map<String, String> r = c.read();
            assertEquals("after-stall", r.get("ActionID"), "the action sent while stalled is never answered");
            assertEquals("Pong", r.get("Ping"));
        }
    }

    @Test
    void sendGarbageReachesLoggedInSessionsOnly() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
             AmiClient in = AmiClient.loggedIn(sim.port(), "off");
             AmiClient out = new AmiClient(sim.port())) {
            byte[] junk = "no colon here\r\n\u00ff\u00fe bad\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            sim.sendGarbage(junk);
            String got = in.readRawUntil("bad\r\n\r\n", 2000);
            assertTrue(got.contains("no colon here"), got);
            assertTrue(got.contains("\u00ff\u00fe bad"), got);
            assertTrue(out.silentFor(200));
            in.action("Ping", "still-alive");
            assertEquals("still-alive", in.read().get("ActionID"));
        }
    }

    @Test
    void closeReleasesPortAndThreads() throws Exception {
        AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
        int port = sim.port();
        AmiClient c = AmiClient.loggedIn(sim.port(), null);
        sim.close();
        assertTrue(c.closedWithin(2000));
        c.close();
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
        waitFor(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("ami-sim-" + port) || t.getName().equals("ami-sim-accept-" + port)));
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("ami-sim-" + port + "-")
                        || t.getName().equals("ami-sim-accept-" + port)));
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getInputStream().read();
            }
        });
    }

    @Test
    void fixedPortStart() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.demo(), "u", "s", port)) {
            assertEquals(port, sim.port());
            try (AmiClient c = new AmiClient(port)) {
                c.action("Login", "l", "Username: u", "Secret: s", "Events: off");
                assertEquals("Authentication accepted", c.read().get("Message"));
                assertEquals(38, c.list("PJSIPShowEndpoints", "e").stream()
                        .filter(m -> "EndpointList".equals(m.get("Event"))).count());
            }
        }
    }
}
