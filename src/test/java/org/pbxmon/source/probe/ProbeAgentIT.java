package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.Promtool;
import org.pbxmon.testing.LabAgent;

/**
 * The agent with probes and certificate checks over real HTTP and TLS: /metrics (valid for promtool),
 * /status app.probes and app.certificates, the Warning rule, and a hung probe that never delays /metrics.
 */
class ProbeAgentIT {
    @TempDir
    Path dir;

    @Test
    void probesInMetricsAndStatus() throws Exception {
        TestCerts certs = TestCerts.create(dir, 10);
        FakeHttp.Digest digest = new FakeHttp.Digest("admin", "itgrix-pw", "SHA-256");
        try (FakeHttp itgrix = FakeHttp.http().route("/status",
                        digest.guard(FakeHttp.body(200, Fixtures.payload("itgrix-status.json")))).start();
                FakeHttp https = FakeHttp.https(certs.serverContext()).route("/l/a/monitor",
                        FakeHttp.body(200, Fixtures.payload("webim-monitor.json"))).start();
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SSLServerSocket tls = (SSLServerSocket) certs.serverContext().getServerSocketFactory()
                        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!tls.isClosed()) {
                    try (SSLSocket s = (SSLSocket) tls.accept()) {
                        s.startHandshake();
                    } catch (Exception ignored) {
                        // next
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String yaml = """
                    http:
                      listen: 127.0.0.1:0
                      users: [{username: %s, password: %s}]
                    probes:
                      - name: itgrix
                        profile: itgrix
                        url: %s
                        auth: {type: digest, username: admin, password: "${ITGRIX_PW}"}
                        license: {expected_type: Professional}
                        metrics: [{path: app.calls_queue.calls, name: itgrix_calls_queue}]
                      - name: chat
                        profile: webim
                        url: %s
                        tls: {ca_file: "%s"}
                      - name: chat-untrusted
                        profile: webim
                        url: %s
                      - name: hung
                        profile: itgrix
                        url: http://127.0.0.1:%d
                        interval: 5s
                        timeout: 5s
                    certificates:
                      - {endpoint: "127.0.0.1:%d"}
                      - {file: "%s"}
                    """.formatted(LabAgent.USER, LabAgent.PASSWORD, itgrix.url(""), https.url(""), certs.pem(),
                    https.url(""), silent.getLocalPort(), tls.getLocalPort(), certs.pem());
            try (Agent agent = new Agent(org.pbxmon.config.ConfigLoader.parse(yaml, "<test>",
                    Map.of("ITGRIX_PW", "itgrix-pw"))).start()) {
                int port = agent.port();
                long expiry = certs.cert().getNotAfter().getTime() / 1000;
                Await.until(Duration.ofSeconds(10), () -> Http.metrics(port).get(
                        "pbxmon_certificate_expiry_timestamp_seconds{target=\"" + certs.pem() + "\"}"), (double) expiry, "pem");
                Await.until(Duration.ofSeconds(10), () -> Http.metrics(port).get("pbxmon_probe_up{probe=\"chat\"}"), 1.0, "chat");
                Await.until(Duration.ofSeconds(10), () -> Http.metrics(port).get("pbxmon_probe_up{probe=\"itgrix\"}"), 1.0, "itgrix");

                // the hung probe is mid-request for 5 s: /metrics must not wait for it
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    assertEquals(200, Http.get(port, "/metrics").statusCode());
                    assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(4000), "scrape waited for the 5 s hung probe");
                }
                // the untrusted probe's first run must have ended (in a TLS failure) before its counters are read
                Await.until(Duration.ofSeconds(30), () -> Http.metrics(port).getOrDefault(
                        "pbxmon_probe_errors_total{probe=\"chat-untrusted\",reason=\"tls\"}", 0.0) >= 1, true, "tls failure counted");
                Map<String, Double> m = Http.metrics(port);
                assertEquals(0.0, m.get("pbxmon_probe_up{probe=\"hung\"}"));
                assertEquals(1.0, m.get("pbxmon_license_info{probe=\"itgrix\",type=\"Professional\"}"));
                assertEquals(1744743600.0, m.get("pbxmon_license_expiry_timestamp_seconds{probe=\"itgrix\"}"));
                assertEquals(0.0, m.get("pbxmon_license_downgraded{probe=\"itgrix\"}"));
                assertTrue(m.get("pbxmon_license_remaining_seconds{probe=\"itgrix\"}") < 0, "the seed's license has expired");
                assertEquals(1.0, m.get("pbxmon_connector_status{probe=\"itgrix\",status=\"Ok\"}"));
                assertEquals(0.0, m.get("pbxmon_connector_status{probe=\"itgrix\",status=\"Error\"}"));
                assertEquals(713065.0, m.get("pbxmon_connector_cel_last_id{probe=\"itgrix\"}"));
                assertEquals(0.0, m.get("itgrix_calls_queue{probe=\"itgrix\"}"));
                assertEquals(1.0, m.get("pbxmon_probe_target_info{probe=\"itgrix\",profile=\"itgrix\",version=\"Itgrix_bx v3.10.12\"}"));
                assertEquals(1759500493.7488275, m.get("pbxmon_backend_start_timestamp_seconds{probe=\"chat\"}"));
                assertEquals(1.0, m.get("pbxmon_backend_storing_enabled{probe=\"chat\"}"));
                assertEquals(0.0, m.get("pbxmon_backend_restarts_total{probe=\"chat\"}"));
                assertEquals(0.0, m.get("pbxmon_probe_up{probe=\"chat-untrusted\"}"));
                assertTrue(m.get("pbxmon_probe_errors_total{probe=\"chat-untrusted\",reason=\"tls\"}") >= 1);
                assertEquals((double) expiry, m.get("pbxmon_certificate_expiry_timestamp_seconds{target=\"127.0.0.1:"
                        + tls.getLocalPort() + "\"}"));
                assertEquals(1.0, m.get("pbxmon_certificate_check_success{target=\"127.0.0.1:" + tls.getLocalPort() + "\"}"));

                HttpResponse<String> text = Http.get(port, "/metrics");
                assertFalse(text.body().contains("itgrix-pw"));
                Promtool.check(text.body());

                HttpResponse<String> st = Http.get(port, "/status", LabAgent.USER, LabAgent.PASSWORD);
                assertEquals(200, st.statusCode());
                JsonNode app = new ObjectMapper().readTree(st.body()).get("app");
                JsonNode it = app.get("probes").get("itgrix");
                assertTrue(it.get("up").asBoolean());
                assertEquals("Professional", it.at("/license/type").asText());
                assertEquals("2025-04-15", it.at("/license/valid_till").asText());
                assertTrue(it.at("/license/expiring_soon").asBoolean());
                assertEquals("Ok", it.at("/connector/app_status").asText());
                assertEquals(713065, it.at("/values/connector_cel_last_id").asLong());
                assertEquals("<nil>", it.get("err").asText());
                assertFalse(app.get("probes").get("hung").get("up").asBoolean());
                assertTrue(app.get("probes").get("chat-untrusted").get("err").asText().startsWith("/l/a/monitor: TLS"),
                        app.get("probes").get("chat-untrusted").get("err").asText());
                assertEquals(expiry, app.get("certificates").get(certs.pem().toString()).get("expiry_timestamp").asLong());
                assertEquals("Warning", app.at("/master/general/app_status").asText());
                // the certificates expire in 10 days (< 14), and the seed's license has expired: both warn
                assertTrue(app.at("/master/general/app_err").asText().matches("certificate .*: expires .*"), app.toString());
                assertEquals("Professional", new ObjectMapper().readTree(Http.get(port,
                        "/status?path=app.probes.itgrix.license.type", LabAgent.USER, LabAgent.PASSWORD).body()).asText());
                assertFalse(st.body().contains("itgrix-pw"));
            }
        }
    }

}
