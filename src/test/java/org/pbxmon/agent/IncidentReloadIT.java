package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/** A reload that changes the incidents block restarts the feature; the store keeps what was open. */
class IncidentReloadIT {
    @TempDir
    Path dir;

    private AgentConfig config(boolean incidents) throws Exception {
        return config(incidents, "probe_down: on");
    }

    private AgentConfig config(boolean incidents, String rule) throws Exception {
        return LabAgent.config("""
                http:
                  listen: 127.0.0.1:0
                  users: [{username: admin, password: pw}]
                pbx: []
                """ + (incidents ? """
                incidents:
                  store: {type: h2, state_dir: "%s"}
                  rules: {license_expiring: off, %s}
                """.formatted(dir, rule) : ""));
    }

    private static int post(int port, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alertmanager/webhook"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void reloadRestartsIncidentsAndKeepsTheirState() throws Exception {
        AtomicReference<AgentConfig> next = new AtomicReference<>(config(true));
        try (Agent agent = new Agent(config(true)).reloadFrom(next::get).start()) {
            int port = agent.port();
            assertEquals(200, post(port, """
                    {"version":"4","status":"firing","receiver":"pbxmon","groupKey":"{}:{}","truncatedAlerts":0,
                     "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","pbx":"main"},"annotations":{},
                       "startsAt":"2026-11-28T09:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"00ff"}]}"""));
            String open = Http.get(port, "/api/v1/incidents?format=json", "admin", "pw").body();
            assertTrue(open.replace(" ", "").contains("\"status\":200"), open);

            AgentConfig changed = config(true, "stuck_calls: off");
            next.set(changed);
            org.pbxmon.web.Reloader.Outcome o = agent.reload();
            assertTrue(o.ok(), o.messages().toString());
            assertTrue(o.messages().contains("restarted incidents"), o.messages().toString());
            String after = Http.get(port, "/api/v1/objects?format=json", "admin", "pw").body();
            assertTrue(after.contains("pbx:main") && after.contains("warning"), "still open after the restart: " + after);

            next.set(config(false));
            assertTrue(agent.reload().ok());
            assertEquals(403, Http.get(port, "/api/v1/incidents", "admin", "pw").statusCode(), "E542: disabled");
            assertEquals(503, post(port, """
                    {"version":"4","alerts":[{"status":"firing","labels":{"alertname":"X"},
                      "startsAt":"2026-11-28T09:00:00Z","fingerprint":"01"}]}"""), "the intake says: disabled");
        }
    }
}
