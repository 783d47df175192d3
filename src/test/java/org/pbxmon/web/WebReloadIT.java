package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;

/** Config reload through POST /monitor/reload: good and bad configs, sources and auth applied live. */
class WebReloadIT {
    @TempDir
    Path dir;

    private static String yaml(String password, AmiSimulator... sims) {
        StringBuilder b = new StringBuilder("""
                http:
                  listen: 127.0.0.1:0
                  users: [{username: ops, password: %s}]
                publish_interval: 50ms
                pbx:
                """.formatted(password));
        for (AmiSimulator s : sims) {
            b.append("""
                      - name: p%d
                        ami: {host: 127.0.0.1, port: %d, username: pbxmon, secret: sim-secret, reconnect_backoff_max: 1s}
                    """.formatted(s.port(), s.port()));
        }
        return b.toString();
    }

    private static HttpResponse<String> reload(int port, String password) {
        try {
            return WebFixture.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/monitor/reload"))
                    .header("Authorization", WebFixture.basic("ops", password))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void goodReloadStartsAndStopsSourcesAndSwapsAuthBadReloadKeepsTheOldConfig() throws Exception {
        Path file = dir.resolve("pbxmon.yml");
        try (AmiSimulator a = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
                AmiSimulator b = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret")) {
            String pa = "p" + a.port();
            String pb = "p" + b.port();
            Files.writeString(file, yaml("old-pw", a));
            try (Agent agent = new Agent(ConfigLoader.load(file)).reloadFrom(() -> ConfigLoader.load(file)).start()) {
                int port = agent.port();
                Await.until(Duration.ofSeconds(10), () -> Http.metrics(port).get("asterisk_up{pbx=\"" + pa + "\"}"), 1.0,
                        pa + " up");
                long sessionsBefore = a.totalLogins();

                Files.writeString(file, yaml("new-pw", a, b));
                HttpResponse<String> r = reload(port, "old-pw");
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("started ami:" + pb), r.body());
                assertFalse(r.body().contains("ami:" + pa), "unchanged source untouched: " + r.body());
                assertEquals(List.of("ami:" + pa, "ami:" + pb), agent.sourceKeys());
                Await.until(Duration.ofSeconds(10), () -> Http.metrics(port).get("asterisk_up{pbx=\"" + pb + "\"}"),
                        1.0, pb + " up after reload");
                assertEquals(sessionsBefore, a.totalLogins(), "no reconnect of the unchanged PBX");
                assertEquals(401, Http.get(port, "/status", "ops", "old-pw").statusCode(), "old password gone");
                assertEquals(200, Http.get(port, "/status", "ops", "new-pw").statusCode(), "new password live");

                Files.writeString(file, "pbx: [oops\n");
                HttpResponse<String> bad = reload(port, "new-pw");
                assertEquals(500, bad.statusCode(), bad.body());
                assertEquals(List.of("ami:" + pa, "ami:" + pb), agent.sourceKeys());
                assertEquals(200, Http.get(port, "/status", "ops", "new-pw").statusCode(), "old config stays");

                Files.writeString(file, "http:\n  listen: 127.0.0.1:0\npbx: []\n");
                HttpResponse<String> noUsers = reload(port, "new-pw");
                assertEquals(500, noUsers.statusCode());
                assertTrue(noUsers.body().contains("http.auth.status: requires credentials but http.users is empty"),
                        noUsers.body());
                assertEquals(2, agent.sourceKeys().size());
                assertEquals(0, agent.counts()[2], "last reload failed");
                var m = Http.metrics(port);
                assertEquals(0.0, m.get("pbxmon_config_last_reload_successful"));
                assertEquals(2.0, m.get("pbxmon_config_reloads_total{result=\"failure\"}"));
                assertEquals(1.0, m.get("pbxmon_config_reloads_total{result=\"success\"}"));

                Files.writeString(file, yaml("new-pw", b));
                HttpResponse<String> removed = reload(port, "new-pw");
                assertEquals(200, removed.statusCode(), removed.body());
                assertTrue(removed.body().contains("stopped ami:" + pa), removed.body());
                assertEquals(List.of("ami:" + pb), agent.sourceKeys());
                Await.until(Duration.ofSeconds(10), () -> agent.store().get(pa) == null, true, pa + " removed");
                assertEquals(2, agent.counts()[0]);
                assertEquals(2, agent.counts()[1]);
                assertEquals(1, agent.counts()[2]);
            }
        }
    }
}
