package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.HttpLimits;

/**
 * Availability under slow and many clients, and the request limits, over real loopback sockets. Slow
 * clients connect from 127.0.0.2 and up (Linux routes all of 127/8 to lo), the probes from 127.0.0.1.
 * No latency bound is asserted: these must pass on a loaded machine.
 */
class WebSlowClientsIT {
    private static final String AUTH = WebFixture.basic(WebFixture.USER, WebFixture.PASS);
    /** A Java class name (package.Class) or an exception's name. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "Exception|Throwable|\\b[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[A-Z][A-Za-z0-9_$]*|\\b[A-Z][A-Za-z]*Error\\b");

    @Test
    void twoHundredSlowlorisConnectionsDoNotStopMetrics() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of());
                SlowlorisBench.Slowloris attack = new SlowlorisBench.Slowloris(web.port, 200, 10)) {
            int open = attack.awaitOpen(200);
            assertTrue(open >= 190, "slow connections open: " + open);
            int ok = 0;
            for (int i = 0; i < 100; i++) {
                if (raw(web.port, "127.0.0.1", "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .startsWith("HTTP/1.1 200")) {
                    ok++;
                }
            }
            assertEquals(100, ok, "probes answered 200 with " + attack.open.get() + " slow connections open");
            assertTrue(attack.open.get() >= 190, "the slow connections stayed open: " + attack.open.get());
            assertEquals(200, web.get("/-/healthy").statusCode());
        }
    }

    @Test
    void connectionsPerClientAreLimited() throws Exception {
        HttpLimits limits = new HttpLimits(8, 64, 65536, 65536, 65536, 512, 4);
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(), limits, null), List.of())) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = connect(web.port, "127.0.0.3");
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    held.add(s);
                }
                Thread.sleep(200);
                String fifth = raw(web.port, "127.0.0.3", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(fifth.startsWith("HTTP/1.1 429"), fifth);
                assertTrue(fifth.contains("too many connections from your address"), fifth);
                assertTrue(raw(web.port, "127.0.0.1", "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .startsWith("HTTP/1.1 200"), "another client is served");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            String again = "";
            for (int i = 0; i < 50 && !again.startsWith("HTTP/1.1 200"); i++) {
                Thread.sleep(50);
                again = raw(web.port, "127.0.0.3", "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            }
            assertTrue(again.startsWith("HTTP/1.1 200"), "served again once its connections closed: " + again);
        }
    }

    @Test
    void oversizeChunkedBodyToReloadIs413AndTheReloadDoesNotRun() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        Reloader reloader = () -> {
            reloads.incrementAndGet();
            return new Reloader.Outcome(true, List.of());
        };
        try (WebFixture web = new WebFixture(WebFixture.http(Map.of()), List.of(), reloader);
                Socket s = connect(web.port, "127.0.0.1")) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "z".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 32; i++) { // 2 MiB
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // the server answered and closed before the whole body was sent
            }
            String r = readToEnd(s.getInputStream());
            assertTrue(r.startsWith("HTTP/1.1 413"), r);
            assertTrue(r.contains("request body larger than 65536 bytes"), r);
            assertEquals(0, reloads.get(), "the reload did not run");
            assertEquals(200, web.send("POST", "/monitor/reload", "", "Authorization", AUTH).statusCode());
            assertEquals(1, reloads.get(), "a reload with an empty body runs");
        }
    }

    @Test
    void oversizeRequestHeadIs431() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of())) {
            StringBuilder head = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 50; i++) {
                head.append("X-Fill-").append(i).append(": ").append("f".repeat(2000)).append("\r\n");
            }
            String r = raw(web.port, "127.0.0.1", head.append("\r\n").toString()); // 100 KB of headers
            assertTrue(r.startsWith("HTTP/1.1 431"), r);
            StringBuilder many = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 100; i++) {
                many.append("X-N-").append(i).append(": 1\r\n");
            }
            String m = raw(web.port, "127.0.0.1", many.append("\r\n").toString());
            assertTrue(m.startsWith("HTTP/1.1 431"), m);
            assertEquals(200, web.get("/metrics").statusCode(), "still serving");
        }
    }

    @Test
    void no4xxBodyNamesAJavaClass() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of())) {
            String big = "x".repeat(70_000);
            List<String> requests = List.of(
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                    "POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                    "POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n",
                    "POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n",
                    "GET /metrics\r\n\r\n",
                    "GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n",
                    "GET /me trics HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                    "G(T /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nBad Header: x\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\n folded: y\r\n\r\n",
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nX: " + big + "\r\n\r\n",
                    "GET /metrics?" + big + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    "GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Basic !!!\r\nConnection: close\r\n\r\n",
                    "GET /status?path=no.such.thing HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nConnection: close\r\n\r\n",
                    "DELETE /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nConnection: close\r\n\r\n",
                    "GET /monitor/set-log-level?name=x&level=NOPE HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nConnection: close\r\n\r\n",
                    "POST /monitor/reload HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                            + "\r\nContent-Length: 70000\r\n\r\n" + big);
            int fourXx = 0;
            for (String req : requests) {
                String r = raw(web.port, "127.0.0.1", req);
                assertFalse(r.isEmpty(), "no answer to " + req.lines().findFirst().orElse(""));
                String status = r.substring(0, Math.min(12, r.length()));
                assertTrue(status.matches("HTTP/1\\.1 [45]\\d\\d"), "an error status for "
                        + req.lines().findFirst().orElse("") + ": " + status);
                if (req.contains("\r\n-5\r\n") || req.contains("\r\n+3\r\n")) {
                    assertEquals("HTTP/1.1 400", status, "a signed chunk size is the client's error");
                }
                if (status.startsWith("HTTP/1.1 4")) {
                    fourXx++;
                    int bodyAt = r.indexOf("\r\n\r\n");
                    String body = bodyAt < 0 ? "" : r.substring(bodyAt + 4);
                    assertFalse(CLASS_NAME.matcher(body).find(), "a class name in " + status + ": " + body);
                    assertTrue(body.contains("\"e\""), "a sentence in " + status + ": " + body);
                }
            }
            assertTrue(fourXx >= requests.size() - 2, "4xx answers: " + fourXx);
        }
    }

    private static Socket connect(int port, String local) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends a request and reads the answer until the server closes (or 10 s pass). */
    private static String raw(int port, String local, String request) throws Exception {
        try (Socket s = connect(port, local)) {
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                // answered and closed while we were still sending
            }
            return readToEnd(s.getInputStream());
        }
    }

    private static String readToEnd(InputStream in) {
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0;) {
                b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (Exception e) {
            // reset or timeout: what came so far
        }
        return b.toString();
    }
}
