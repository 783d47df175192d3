package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AmiProtocolTest {
    private AmiSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void bannerAndPlainLoginThenFullyBooted() throws Exception {
        try (AmiClient c = new AmiClient(sim.port())) {
            assertEquals("Asterisk Call Manager/11.0.0", c.banner);
            c.action("Login", "123_4#foo", "Username: monitor", "Secret: monitor-secret");
            Map<String, String> r = c.read();
            assertEquals("Success", r.get("Response"));
            assertEquals("123_4#foo", r.get("ActionID"));
            assertEquals("Authentication accepted", r.get("Message"));
            Map<String, String> booted = c.read();
            assertEquals("FullyBooted", booted.get("Event"));
            assertEquals("system,all", booted.get("Privilege"));
            assertEquals("Fully Booted", booted.get("Status"));
            Map<String, String> auth = c.read();
            assertEquals("SuccessfulAuth", auth.get("Event"));
            assertEquals("monitor", auth.get("AccountID"));
            assertEquals(1, sim.loggedInSessions());
            assertEquals(1, sim.totalLogins());
        }
    }

    @Test
    void md5ChallengeLogin() throws Exception {
        try (AmiClient c = new AmiClient(sim.port())) {
            c.action("Challenge", "ch-1", "AuthType: MD5");
            Map<String, String> ch = c.read();
            assertEquals("Success", ch.get("Response"));
            assertEquals("ch-1", ch.get("ActionID"));
            String challenge = ch.get("Challenge");
            assertTrue(challenge.matches("\\d+"), challenge);
            c.action("Login", "l-2", "AuthType: MD5", "Username: monitor",
                    "Key: " + Ami.md5Hex(challenge + "monitor-secret"), "Events: off");
            Map<String, String> r = c.read();
            assertEquals("Authentication accepted", r.get("Message"));
            c.action("Ping", "p-3");
            Map<String, String> pong = c.read();
            assertEquals("Pong", pong.get("Ping"));
            assertEquals("p-3", pong.get("ActionID"));
            assertTrue(pong.get("Timestamp").matches("\\d+\\.\\d{6}"), pong.get("Timestamp"));
        }
    }

    @Test
    void badMd5KeyAndWrongSecretFail() throws Exception {
        try (AmiClient c = new AmiClient(sim.port())) {
            c.action("Challenge", "c", "AuthType: MD5");
            c.read();
            c.action("Login", "l", "AuthType: MD5", "Username: monitor", "Key: 00112233445566778899aabbccddeeff");
            Map<String, String> r = c.read();
            assertEquals("Error", r.get("Response"));
            assertEquals("Authentication failed", r.get("Message"));
            assertTrue(c.closedWithin(2000));
        }
        try (AmiClient c = new AmiClient(sim.port())) {
            c.action("Login", "login-failed-1", "Username: monitor", "Secret: wrong-secret");
            String raw = c.readRawUntil("failed\r\n\r\n", 2000);
            assertEquals("Response: Error\r\nActionID: login-failed-1\r\nMessage: Authentication failed\r\n\r\n", raw);
        }
        assertEquals(0, sim.totalLogins());
    }

    @Test
    void permissionDeniedBeforeLogin() throws Exception {
        try (AmiClient c = new AmiClient(sim.port())) {
            c.action("CoreStatus", "x1");
            Map<String, String> r = c.read();
            assertEquals("Error", r.get("Response"));
            assertEquals("Permission denied", r.get("Message"));
            assertEquals("x1", r.get("ActionID"));
        }
    }

    @Test
    void lfOnlyAndCaseInsensitiveKeys() throws Exception {
        try (AmiClient c = new AmiClient(sim.port())) {
            c.raw("action: login\nactionid: a\nusername: monitor\nsecret: monitor-secret\nevents: off\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("Authentication accepted", c.read().get("Message"));
            c.raw("ACTION: ping\nACTIONID: b\n\n".getBytes(StandardCharsets.UTF_8));
            Map<String, String> r = c.read();
            assertEquals("Pong", r.get("Ping"));
            assertEquals("b", r.get("ActionID"));
        }
    }

    @Test
    void unknownActionsAndSipPeers() throws Exception {
        try (AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("SIPpeers", "s-1");
            String raw = c.readRawUntil("commands.\r\n\r\n", 2000);
            assertEquals("Response: Error\r\nActionID: s-1\r\nMessage: Invalid/unknown command: SIPpeers. "
                    + "Use Action: ListCommands to show available commands.\r\n\r\n", raw);
            c.action("Frobnicate", "s-2");
            assertEquals("Invalid/unknown command: Frobnicate. Use Action: ListCommands to show available commands.",
                    c.read().get("Message"));
            c.action("Filter", "f", "Operation: Add", "Filter: !Event: VarSet");
            assertEquals("Success", c.read().get("Response"));
            c.action("Events", "e", "EventMask: off");
            assertEquals("Off", c.read().get("Events"));
        }
    }

    @Test
    void coreSettingsAndStatus() throws Exception {
        try (AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("CoreSettings", "cs");
            Map<String, String> s = c.read();
            assertEquals("22.10.1", s.get("AsteriskVersion"));
            assertEquals("11.0.0", s.get("AMIversion"));
            c.action("CoreStatus", "st");
            Map<String, String> st = c.read();
            assertEquals("0", st.get("CoreCurrentCalls"));
            assertEquals("0", st.get("CoreProcessedCalls"));
            assertTrue(st.get("CoreStartupDate").matches("\\d{4}-\\d\\d-\\d\\d"));
            assertTrue(st.get("CoreReloadTime").matches("\\d\\d:\\d\\d:\\d\\d"));
            c.action("Command", "cmd", "Command: core show version");
            assertTrue(c.read().get("Output").startsWith("Asterisk 22.10.1 built by"));
        }
    }

    @Test
    void logoffSaysGoodbyeAndCloses() throws Exception {
        try (AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            // the server marks the session logged in just after it writes the response
            for (int i = 0; i < 200 && sim.loggedInSessions() == 0; i++) {
                Thread.sleep(5);
            }
            assertEquals(1, sim.loggedInSessions());
            c.action("Logoff", "bye");
            Map<String, String> r = c.read();
            assertEquals("Goodbye", r.get("Response"));
            assertEquals("Thanks for all the fish.", r.get("Message"));
            assertTrue(c.closedWithin(2000));
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (sim.loggedInSessions() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, sim.loggedInSessions());
        assertEquals(1, sim.totalLogins());
    }

    @Test
    void garbageLinesFromClientAreIgnored() throws Exception {
        try (AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.raw(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\r', '\n', 'n', 'o', 'c', 'o', 'l', 'o', 'n', '\r', '\n'});
            c.raw("\r\n".getBytes(StandardCharsets.UTF_8));
            c.action("Ping", "after-garbage");
            Map<String, String> r = c.read();
            assertFalse(r.isEmpty());
            assertEquals("after-garbage", r.get("ActionID"));
        }
    }
}
