package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request-head limits and the slow-client timeout, tested against the agent in its own process, as it
 * runs in production.
 */
class WebLimitsIT {
    @TempDir
    static Path dir;
    private static Process agent;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path cfg = dir.resolve("pbxmon.yml");
        Files.writeString(cfg, """
                http:
                  listen: 127.0.0.1:0
                  users: [{username: u, password: p}]
                pbx: []
                """);
        agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.pbxmon.Main", "--config", cfg.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        CompletableFuture<Integer> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null;) {
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("agent exited");
        });
        port = found.get(30, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (Exception ignored) {
                // process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.destroy();
        agent.waitFor(10, TimeUnit.SECONDS);
    }

    /** Reads until EOF or reset; returns what was read. */
    private static String readToEnd(InputStream in) {
        StringBuilder b = new StringBuilder();
        try {
            for (int c; (c = in.read()) >= 0;) {
                b.append((char) c);
            }
        } catch (SocketException e) {
            b.append("[reset]");
        } catch (Exception e) {
            b.append("[").append(e.getClass().getSimpleName()).append("]");
        }
        return b.toString();
    }

    @Test
    void slowlorisIsClosedByTheRequestTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 25 && !closed; i++) {
                Thread.sleep(1000);
                try {
                    out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException e) {
                    closed = true;
                }
                if (!closed && s.getInputStream().available() == 0) {
                    s.setSoTimeout(1);
                    try {
                        closed = s.getInputStream().read() < 0;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // still open
                    } catch (SocketException e) {
                        closed = true;
                    }
                    s.setSoTimeout(30_000);
                }
            }
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertTrue(closed, "still open after 25 s");
            assertTrue(seconds >= WebServer.HEAD_TIMEOUT_MS / 1000 - 1 && seconds <= 15,
                    "closed after " + seconds + " s");
        }
        try (Socket ok = new Socket("127.0.0.1", port)) {
            ok.getOutputStream().write("GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readToEnd(ok.getInputStream()).startsWith("HTTP/1.1 200"), "still serving");
        }
    }

    @Test
    void oversizeRequestHeadIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /-/healthy HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String r = readToEnd(s.getInputStream());
            assertTrue(r.startsWith("HTTP/1.1 431"), r);
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /-/healthy?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String r = readToEnd(s.getInputStream());
            assertTrue(r.startsWith("HTTP/1.1 414"), "long request line: " + r);
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /-/healthy HTTP/1.1\r\nHost: x\r\nX-Small: " + "a".repeat(8_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200", readToEnd(s.getInputStream()).substring(0, 12), "8 KB of headers is fine");
        }
    }
}
