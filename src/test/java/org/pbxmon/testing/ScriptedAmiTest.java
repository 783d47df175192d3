package org.pbxmon.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScriptedAmiTest {
    private static final String USER = "pbxmon";
    private static final String SECRET = "sim-secret";

    @BeforeAll
    static void fixtures() {
        assumeTrue(AmiFixtures.present(), "shared/fixtures not found");
    }

    /** A raw-socket AMI client: bytes in, bytes out. */
    private static final class Raw implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Raw(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(3000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String... lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append("\r\n");
            }
            out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Reads until {@code marker} is in what was read since the last call; returns that text. */
        String until(String marker) throws IOException {
            byte[] buf = new byte[65536];
            while (true) {
                String s = seen.toString(StandardCharsets.ISO_8859_1);
                int at = s.indexOf(marker);
                if (at >= 0) {
                    String head = s.substring(0, at + marker.length());
                    String rest = s.substring(at + marker.length());
                    seen.reset();
                    seen.writeBytes(rest.getBytes(StandardCharsets.ISO_8859_1));
                    return head;
                }
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("EOF before " + marker + " in " + s);
                }
                seen.write(buf, 0, n);
            }
        }

        String message() throws IOException {
            return until("\r\n\r\n");
        }

        boolean closedWithin(int ms) throws IOException {
            socket.setSoTimeout(ms);
            try {
                while (in.read() >= 0) {
                    // drain
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Raw loggedIn(ScriptedAmi ami) throws IOException {
        Raw c = new Raw(ami.port());
        assertEquals("Asterisk Call Manager/11.0.0\r\n", c.until("\r\n"));
        c.send("Action: Challenge", "ActionID: c1", "AuthType: MD5");
        String ch = c.message();
        assertTrue(ch.startsWith("Response: Success\r\nActionID: c1\r\nChallenge: "), ch);
        String challenge = ch.substring(ch.indexOf("Challenge: ") + 11, ch.length() - 4);
        assertTrue(challenge.matches("[0-9]+"), challenge);
        c.send("Action: Login", "ActionID: l1", "AuthType: MD5", "Username: " + USER,
                "Key: " + ScriptedSession.md5Hex(challenge + SECRET), "Events: off");
        assertEquals("Response: Success\r\nActionID: l1\r\nMessage: Authentication accepted\r\n\r\n", c.message());
        return c;
    }

    @Test
    void md5LoginActionIdRewritingAndCompleteLists() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(USER, SECRET); Raw c = loggedIn(ami)) {
            assertEquals(1, ami.loginTimes().size());
            assertEquals(1, ami.connectTimes().size());

            c.send("Action: PJSIPShowEndpoints", "ActionID: my-own-id#7");
            String eps = c.until("EventList: Complete\r\nListItems: 4\r\n\r\n");
            assertTrue(eps.startsWith("Response: Success\r\nActionID: my-own-id#7\r\nEventList: start\r\n"), eps);
            assertTrue(eps.endsWith("Event: EndpointListComplete\r\nActionID: my-own-id#7\r\n"
                    + "EventList: Complete\r\nListItems: 4\r\n\r\n"), eps);
            assertEquals(6, eps.split("ActionID: my-own-id#7\r\n", -1).length - 1);
            assertFalse(eps.contains("pjsip-show-endpoints-2"));

            // byte for byte the capture, but for the ActionID lines
            String capture = new String(CaptureFile.read(AmiFixtures.labDir().resolve("pjsip-show-endpoints.txt")),
                    StandardCharsets.ISO_8859_1);
            assertTrue(capture.contains(eps.replace("my-own-id#7", "pjsip-show-endpoints-2")));

            c.send("Action: pjsipshowcontacts");
            String contacts = c.until("EventList: Complete\r\nListItems: 1\r\n\r\n");
            assertFalse(contacts.contains("ActionID"), "no ActionID sent, none served");
            assertTrue(contacts.contains("Event: ContactListComplete\r\n"), contacts);

            c.send("Action: Ping", "ActionID: p");
            assertTrue(c.message().matches("Response: Success\r\nActionID: p\r\nPing: Pong\r\n"
                    + "Timestamp: [0-9]+\\.[0-9]{6}\r\n\r\n"));

            c.send("Action: PJSIPShowEndpoint", "ActionID: e", "Endpoint: 102");
            assertTrue(c.until("EventList: Complete\r\nListItems: 5\r\n\r\n").contains("ObjectName: 102\r\n"));
            c.send("Action: PJSIPShowEndpoint", "ActionID: u", "Endpoint: nobody");
            assertEquals("Response: Error\r\nActionID: u\r\nMessage: Unable to retrieve endpoint nobody\n\r\n\r\n",
                    c.message());

            c.send("Action: FooBar", "ActionID: x");
            assertEquals("Response: Error\r\nActionID: x\r\nMessage: Invalid/unknown command: FooBar. "
                    + "Use Action: ListCommands to show available commands.\r\n\r\n", c.message());

            c.send("Action: Logoff", "ActionID: bye");
            assertEquals("Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n",
                    c.message());
            assertTrue(c.closedWithin(2000));
            assertEquals(List.of("Challenge", "Login", "PJSIPShowEndpoints", "pjsipshowcontacts", "Ping",
                    "PJSIPShowEndpoint", "PJSIPShowEndpoint", "FooBar", "Logoff"), ami.received());
        }
    }

    @Test
    void wrongKeyOrSecretIsRejectedAndClosed() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(USER, SECRET)) {
            try (Raw c = new Raw(ami.port())) {
                c.until("\r\n");
                c.send("Action: Login", "ActionID: l", "Username: " + USER, "Secret: wrong");
                assertEquals("Response: Error\r\nActionID: l\r\nMessage: Authentication failed\r\n\r\n", c.message());
                assertTrue(c.closedWithin(2000));
            }
            try (Raw c = new Raw(ami.port())) {
                c.until("\r\n");
                c.send("Action: Login", "Username: " + USER, "Secret: " + SECRET);
                assertEquals("Response: Success\r\nMessage: Authentication accepted\r\n\r\n", c.message());
            }
            assertEquals(1, ami.loginTimes().size());
            assertEquals(2, ami.connectTimes().size());
        }
    }

    @Test
    void pushDropAndOverrides() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(USER, SECRET)) {
            ami.reply("CoreStatus", "Response: Success\r\nActionID: whatever\r\nCoreCurrentCalls: 42\r\n\r\n");
            try (Raw c = loggedIn(ami)) {
                c.send("Action: CoreStatus", "ActionID: s");
                assertEquals("Response: Success\r\nActionID: s\r\nCoreCurrentCalls: 42\r\n\r\n", c.message());
                byte[] garbage = "no colon here\r\nEvent: FullyBooted\r\n".getBytes(StandardCharsets.ISO_8859_1);
                ami.push(garbage);
                assertArrayEquals(garbage, c.until("FullyBooted\r\n").getBytes(StandardCharsets.ISO_8859_1));
                Await.until(Duration.ofSeconds(2), ami::sessions, 1, "sessions");
                ami.dropAll();
                assertTrue(c.closedWithin(2000));
                Await.until(Duration.ofSeconds(2), ami::sessions, 0, "sessions");
            }
            ami.dropAfterLogin(true);
            try (Raw c = loggedIn(ami)) {
                assertTrue(c.closedWithin(2000));
            }
            assertEquals(2, ami.loginTimes().size());
        }
    }

    @Test
    void silentAnswersNothingAndDelaysDelay() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(USER, SECRET)) {
            ami.actionDelay(Duration.ofMillis(300));
            try (Raw c = loggedIn(ami)) {
                long t0 = System.nanoTime();
                c.send("Action: CoreSettings", "ActionID: s");
                String reply = c.message();
                assertTrue(System.nanoTime() - t0 >= 250_000_000L);
                assertTrue(reply.contains("AsteriskVersion: 22.10.1\r\n"), reply);
                ami.silent(true);
                c.send("Action: Ping", "ActionID: p");
                assertFalse(c.closedWithin(600), "still open");
            }
        }
    }

    @Test
    void loginDelayTrickleAndPace() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(USER, SECRET)) {
            ami.loginDelay(Duration.ofMillis(300)).pace("CoreSettings", Duration.ofMillis(300));
            long t0 = System.nanoTime();
            try (Raw c = loggedIn(ami)) {
                assertTrue(System.nanoTime() - t0 >= 250_000_000L, "login delayed");
                t0 = System.nanoTime();
                c.send("Action: CoreSettings", "ActionID: s");
                assertTrue(c.message().contains("CoreMaxCalls: 0\r\n"));
                assertTrue(System.nanoTime() - t0 >= 250_000_000L, "reply paced");
                ami.trickle(Duration.ofMillis(5));
                t0 = System.nanoTime();
                c.send("Action: Ping", "ActionID: p");
                String pong = c.message(); // about 70 bytes, one per 5 ms
                assertTrue(pong.startsWith("Response: Success\r\nActionID: p\r\nPing: Pong\r\n"), pong);
                assertTrue(System.nanoTime() - t0 >= 250_000_000L, "trickled");
            }
        }
    }

    @Test
    void scaleCapturesLoadFromGzip() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.fromCaptures(USER, SECRET, AmiFixtures.scaleDir(),
                "scale-pjsip-show-contacts", "scale-iax-peerlist");
             Raw c = loggedIn(ami)) {
            c.send("Action: PJSIPShowContacts", "ActionID: c");
            String all = c.until("EventList: Complete\r\nListItems: 5000\r\n\r\n");
            assertEquals(5002, all.split("ActionID: c\r\n", -1).length - 1);
            c.send("Action: IAXpeerlist", "ActionID: i");
            assertTrue(c.message().startsWith("Response: Error\r\nActionID: i\r\nMessage: Invalid/unknown command"));
        }
    }
}
