package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.SnapshotStore;

/** Probes over real HTTP on loopback, against servers that answer with the seeds' payloads byte for byte. */
class ProbeHttpIT {
    private static ProbeConfig itgrix(String url, String password) {
        return Fixtures.probe("""
                  - name: itgrix
                    profile: itgrix
                    url: %s
                    timeout: 3s
                    auth: {type: digest, username: admin, password: "%s"}
                    license: {expected_type: Professional}
                """.formatted(url, password));
    }

    @Test
    void itgrixOverDigestMd5AndSha256() throws Exception {
        for (String algorithm : List.of("MD5", "SHA-256")) {
            FakeHttp.Digest digest = new FakeHttp.Digest("admin", "s3cret-pw", algorithm);
            try (FakeHttp server = FakeHttp.http().route("/status",
                    digest.guard(FakeHttp.body(200, Fixtures.payload("itgrix-status.json")))).start()) {
                ProbeStatus p = ProbeRunner.once(itgrix(server.url(""), "s3cret-pw"));
                assertTrue(p.up(), algorithm + ": " + p.problems());
                assertEquals(List.of(), p.problems(), algorithm);
                assertEquals("Professional", p.license().type());
                assertEquals("Ok", p.connector().status());
                assertEquals("Itgrix_bx v3.10.12", p.version());
                assertEquals(1, digest.accepted.get(), algorithm);
                assertTrue(digest.challenges.get() >= 1, "the client answered a challenge, it did not send Basic");
                assertEquals("http://127.0.0.1:" + server.port(), p.target());
            }
        }
    }

    @Test
    void wrongDigestPasswordIsAnAuthError() throws Exception {
        FakeHttp.Digest digest = new FakeHttp.Digest("admin", "right", "SHA-256");
        try (FakeHttp server = FakeHttp.http().route("/status",
                digest.guard(FakeHttp.body(200, Fixtures.payload("itgrix-status.json")))).start()) {
            ProbeStatus p = ProbeRunner.once(itgrix(server.url("/status"), "wrong"));
            assertFalse(p.up());
            assertEquals("/status: HTTP 401 (check the probe's auth settings)", p.error());
            assertEquals(Map.of("auth", 1L), p.errors());
            assertFalse(p.error().contains("wrong"));
        }
    }

    @Test
    void webimWithBasicAndCookie() throws Exception {
        AtomicInteger unauthorized = new AtomicInteger();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("service:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        FakeHttp server = FakeHttp.http();
        Map<String, String> routes = Map.of(
                "/l/a/monitor/accounts-stat", "webim-accounts-stat.json",
                "/l/a/monitor/zabbix/tornado", "webim-zabbix-tornado.json",
                "/l/a/monitor/zabbix/channels", "webim-zabbix-channels.json",
                "/l/a/monitor/connect-to-db", "webim-connect-to-db-error.txt",
                "/l/a/monitor/collected-to-store-objects", "webim-store-errors.json",
                "/l/i/instance-id", "webim-instance-id.txt",
                "/l/i/account-state", "webim-account-state.json",
                "/l/o/pingservice", "webim-pingservice.txt",
                "/webim/service/monitor/get-tornado-ports.php", "webim-tornado-ports.json");
        HttpHandler monitor = FakeHttp.body(200, Fixtures.payload("webim-monitor.json"));
        server.route("/", ex -> {
            String path = ex.getRequestURI().getPath();
            boolean cookieNeeded = path.startsWith("/l/o/") || path.startsWith("/webim/");
            if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
                    || cookieNeeded != "WEBIM_AUTH_TOKEN=tok".equals(ex.getRequestHeaders().getFirst("Cookie"))) {
                unauthorized.incrementAndGet();
                FakeHttp.send(ex, 401, new byte[0]);
            } else if (path.equals("/l/a/monitor")) {
                monitor.handle(ex);
            } else if (routes.containsKey(path)) {
                FakeHttp.send(ex, path.endsWith("connect-to-db") ? 500 : 200, Fixtures.payload(routes.get(path)));
            } else {
                FakeHttp.send(ex, 404, new byte[0]);
            }
        }).start();
        try (server) {
            ProbeStatus p = ProbeRunner.once(Fixtures.probe("""
                      - name: chat
                        profile: webim
                        url: %s
                        auth: {type: basic, username: service, password: "${PW}"}
                        webim: {accounts: [wmtest107], cookie: WEBIM_AUTH_TOKEN=tok}
                    """.formatted(server.url("/")).replace("${PW}", "s3cret-pw")));
            assertEquals(0, unauthorized.get());
            assertTrue(p.up());
            assertEquals(List.of("target_error: /l/a/monitor/connect-to-db: Failed to connect to database meta"), p.problems());
            assertEquals(new ProbeStatus.Backend("9b5ad6b158354197bcfb949c55756c4c", 1759500493.7488275, true, 0), p.backend());
            assertEquals("10.7.134", p.version());
            assertTrue(p.samples().contains(new ProbeStatus.Sample("backend_ports_answering", false, false, "", List.of(), 13)));
            assertTrue(p.samples().contains(new ProbeStatus.Sample("channel_errors", false, false, "",
                    List.of("channel", "telegram"), 1)));
        }
    }

    @Test
    void instanceIdChangeIsARestart() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeHttp server = FakeHttp.http()
                .route("/l/a/monitor", FakeHttp.body(200, Fixtures.payload("webim-monitor.json")))
                .route("/l/i/instance-id", ex -> FakeHttp.send(ex, 200,
                        (calls.incrementAndGet() < 3 ? "aaa111" : "bbb222").getBytes(StandardCharsets.UTF_8)))
                .start();
        SnapshotStore store = new SnapshotStore();
        try (server; ProbeSource s = new ProbeSource(Fixtures.probe("""
                  - {name: w, profile: webim, url: "%s", interval: 500ms, timeout: 500ms}
                """.formatted(server.url(""))), store)) {
            s.start();
            ProbeStatus p = ProbeRunner.await(store, "w", x -> x.runs() >= 4, Duration.ofSeconds(10));
            assertEquals(1, p.backend().restarts(), p.problems() + " calls " + calls.get());
            assertEquals("bbb222", p.backend().instanceId());
            assertTrue(p.up(), "the main document answers although other endpoints are 404");
        }
    }

    /** Every bad input is counted and named, the loop goes on, and a good probe next to it stays up. */
    @Test
    void badInputNeverStopsTheLoop() throws Exception {
        byte[] itgrixJson = Fixtures.payload("itgrix-status.json");
        String itgrixText = new String(itgrixJson, StandardCharsets.UTF_8);
        HttpHandler huge = ex -> {
            ex.sendResponseHeaders(200, 50L << 20);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                for (int i = 0; i < 800; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the probe hangs up after max_body_bytes
            }
        };
        HttpHandler hugeChunked = ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 800; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // as above
            }
        };
        FakeHttp server = FakeHttp.http()
                .route("/good", FakeHttp.body(200, itgrixJson))
                .route("/html", FakeHttp.body(200, "<html>It works!</html>".getBytes(StandardCharsets.UTF_8)))
                .route("/missing", FakeHttp.body(200, itgrixText.replace("\"logged_in\"", "\"logged\"").getBytes(StandardCharsets.UTF_8)))
                .route("/date", FakeHttp.body(200, itgrixText.replace("2025-04-15", "02025-04-15").getBytes(StandardCharsets.UTF_8)))
                .route("/e500", FakeHttp.body(500, "oops".getBytes(StandardCharsets.UTF_8)))
                .route("/e401", FakeHttp.body(401, new byte[0]))
                .route("/loop", ex -> {
                    ex.getResponseHeaders().add("Location", "/loop");
                    FakeHttp.send(ex, 302, new byte[0]);
                })
                .route("/huge", huge)
                .route("/chunked", hugeChunked)
                .start();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("html", "not_json");
        expected.put("missing", "missing_field");
        expected.put("date", "bad_value");
        expected.put("e500", "http_status");
        expected.put("e401", "auth");
        expected.put("loop", "redirect");
        expected.put("huge", "too_large");
        expected.put("chunked", "too_large");
        StringBuilder yaml = new StringBuilder("  - {name: good, profile: itgrix, url: \"" + server.url("/good") + "\", interval: 2s, timeout: 2s}\n");
        expected.keySet().forEach(k -> yaml.append("  - {name: ").append(k).append(", profile: itgrix, url: \"")
                .append(server.url("/" + k)).append("\", interval: 2s, timeout: 2s}\n"));
        // a generous timeout: each bad input must be classified as itself, not as a timeout, on a busy machine
        org.pbxmon.config.AgentConfig config = org.pbxmon.config.ConfigLoader.parse("probes:\n" + yaml, "<test>", Map.of());
        SnapshotStore store = new SnapshotStore();
        List<ProbeSource> sources = config.probes().stream().map(c -> new ProbeSource(c, store)).toList();
        try (server) {
            sources.forEach(ProbeSource::start);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                ProbeStatus p = ProbeRunner.await(store, e.getKey(), x -> x.runs() >= 3, Duration.ofSeconds(90));
                assertEquals(p.runs(), p.errors().get(e.getValue()), e.getKey() + " " + p.errors() + " " + p.problems());
                assertFalse(p.error().isEmpty(), e.getKey());
                assertTrue(p.problems().get(0).startsWith(e.getValue() + ": "), p.problems().toString());
                boolean upAnyway = e.getValue().equals("missing_field") || e.getValue().equals("bad_value");
                assertEquals(upAnyway, p.up(), e.getKey());
            }
            assertTrue(store.probes().stream().filter(p -> p.name().equals("huge")).findFirst().orElseThrow().error()
                    .contains("max_body_bytes"));
            ProbeStatus good = ProbeRunner.await(store, "good", x -> x.runs() >= 3, Duration.ofSeconds(90));
            assertTrue(good.up());
            assertEquals(Map.of(), good.errors());
            assertEquals(3, store.timers().lastMinute().get("probe:good").size() >= 3 ? 3 : -1);
        } finally {
            sources.forEach(ProbeSource::close);
        }
        assertEquals(List.of(), List.copyOf(store.probes()), "close() removes what was published");
    }

    @Test
    void unreachableAndSilentTargetsTimeOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int closedPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            long t0 = System.nanoTime();
            ProbeStatus hung = ProbeRunner.once(Fixtures.probe("  - {name: hung, profile: itgrix, url: \"http://127.0.0.1:"
                    + silent.getLocalPort() + "\", timeout: 300ms}\n"));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "a silent target costs its timeout, not forever");
            assertEquals(Map.of("timeout", 1L), hung.errors(), hung.problems().toString());
            ProbeStatus refused = ProbeRunner.once(Fixtures.probe("  - {name: refused, profile: webim, url: \"http://127.0.0.1:"
                    + closedPort + "\", timeout: 300ms}\n"));
            assertFalse(refused.up());
            assertEquals(7L, refused.errors().get("connect"), refused.problems().toString());
        }
    }
}
