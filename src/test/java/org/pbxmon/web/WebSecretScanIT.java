package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.CapturedLogs;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;

/**
 * With every HTTP credential type configured (password, HA1, bearer token, API key, keystore password),
 * an AMI source, failed logins of every scheme, a reload and every logger at DEBUG: no secret appears in
 * a log line, /status, /monitor, an error body, or a config's toString().
 */
class WebSecretScanIT {
    @TempDir
    Path dir;

    @Test
    void noSecretAnywhere() throws Exception {
        String ha1 = WebFixture.h("SHA-256", "hauser:pbxmon:ha1-Pass-55");
        List<String> secrets = List.of("sim-Secret-31", "http-Pass-77", ha1, "ha1-Pass-55", "bearer-Tok-99",
                "api-Key-13", "store-Pass-21", "wrong-Pass-00");
        CapturedLogs logs = new CapturedLogs(Level.DEBUG);
        List<String> shown = new ArrayList<>();
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-Secret-31")) {
            Path file = dir.resolve("pbxmon.yml");
            Files.writeString(file, """
                    http:
                      listen: 127.0.0.1:0
                      users:
                        - {username: admin, password: "${HTTP_PW}"}
                        - {username: hauser, password_ha1: {sha256: %s}}
                      tokens: [{name: prom, token: bearer-Tok-99}]
                      api_keys: [{name: desk, key: api-Key-13}]
                      auth: {metrics: [basic, bearer]}
                    publish_interval: 50ms
                    pbx:
                      - name: lab
                        ami: {host: 127.0.0.1, port: %d, username: pbxmon, secret: sim-Secret-31}
                    """.formatted(ha1, sim.port()));
            AgentConfig cfg = ConfigLoader.parse(Files.readString(file), file.toString(), Map.of("HTTP_PW", "http-Pass-77"));
            shown.add(cfg.toString());
            shown.add(new org.pbxmon.config.TlsConfig(null, null, file, org.pbxmon.config.Secret.of("store-Pass-21"),
                    Duration.ofSeconds(30)).toString());
            try (Agent agent = new Agent(cfg).reloadFrom(() -> cfg).start()) {
                int port = agent.port();
                Await.until(Duration.ofSeconds(10), () -> Http.get(port, "/metrics", "admin", "http-Pass-77").body()
                        .contains("asterisk_up{pbx=\"lab\"} 1"), true, "up");
                for (String path : List.of("/status", "/monitor", "/monitor/timer-stats", "/health", "/zabbix/summary",
                        "/metrics")) {
                    shown.add(Http.get(port, path, "admin", "http-Pass-77").body());
                    shown.add(Http.get(port, path, "admin", "wrong-Pass-00").body());
                    shown.add(Http.get(port, path, "hauser", "ha1-Pass-55").body());
                }
                HttpResponse<String> bearer = WebFixture.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .header("Authorization", "Bearer bearer-Tok-99").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertTrue(bearer.statusCode() == 200);
                shown.add(WebFixture.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .header("Authorization", "Bearer wrong-Pass-00").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                shown.add(Http.get(port, "/monitor/set-log-level?name=wrong-Pass-00&level=x", "admin", "http-Pass-77")
                        .body());
                agent.reload();
                String status = Http.get(port, "/status", "admin", "http-Pass-77").body();
                assertTrue(status.contains("pbxmon@127.0.0.1:" + sim.port()), "source shown as user@host:port");
            }
        } finally {
            logs.close();
        }
        assertTrue(logs.events().stream().anyMatch(e -> e.getFormattedMessage().startsWith("config reloaded")),
                "logs captured: " + logs.events().size());
        for (ILoggingEvent e : logs.events()) {
            shown.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()));
        }
        for (String s : shown) {
            for (String secret : secrets) {
                assertFalse(s.contains(secret), "holds " + secret + ": " + s);
            }
        }
    }
}
