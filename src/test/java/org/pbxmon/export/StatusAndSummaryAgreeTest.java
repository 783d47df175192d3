package org.pbxmon.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.export.zabbix.ZabbixEndpoints;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;

/**
 * /status's app_status and /zabbix/summary's failed_objects_cnt read one rule ({@link FailedObjects}):
 * over real HTTP, whatever the PBXes do, app_status is Ok exactly when failed_objects_cnt is 0 (no CEL
 * or probe here, which only /status weighs), and app_err names what the summary counts.
 */
class StatusAndSummaryAgreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SnapshotStore store = new SnapshotStore();
    private final AgentInfo info = new AgentInfo("1.0", "abc", TestSnapshots.NOW, "id", "<test>", "stderr");
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer http;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        new ZabbixEndpoints(store, info).handlers().forEach(http::createContext);
        StatusTree tree = new StatusTree(store, info);
        http.createContext("/status", ex -> {
            byte[] body = JSON.writeValueAsBytes(tree.build());
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private void show(PbxSnapshot... pbxes) {
        for (PbxSnapshot s : List.copyOf(store.all())) {
            store.remove(s.name());
        }
        for (PbxSnapshot s : pbxes) {
            store.publish(s);
        }
    }

    private void agree(String why, int failed, String status) throws Exception {
        JsonNode general = json("/status").at("/app/master/general");
        JsonNode summary = json("/zabbix/summary");
        assertEquals(failed, summary.path("failed_objects_cnt").asInt(), why);
        assertEquals(status, general.path("app_status").asText(), why);
        assertEquals(failed == 0, general.path("app_status").asText().equals("Ok"), why);
        if (status.equals("Warning") && general.path("app_state").asText().isEmpty()) {
            String err = general.path("app_err").asText();
            assertEquals(failed, err.split("; ").length, why + ": " + err);
        }
    }

    @Test
    void appStatusAndTheSummaryAgree() throws Exception {
        show(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP).registration("carrier-reg", "Registered").build());
        agree("all well", 0, "Ok");
        show(TestSnapshots.pbx("main").registration("carrier-reg", "Rejected").trunk("PJSIP", "carrier", EndpointState.DOWN).build());
        agree("the issue: a registration rejected, its trunk down", 2, "Warning");
        assertEquals("pbx main: registration PJSIP/carrier-reg Rejected; trunk PJSIP/carrier down",
                json("/status").at("/app/master/general/app_err").asText());
        show(TestSnapshots.pbx("a").collectorFailed("queues", "timeout").build(),
                TestSnapshots.pbx("b").registration("r", "Unregistered").trunk("IAX2", "t", EndpointState.LAGGED).build());
        agree("two PBXes", 2, "Warning");
        show(TestSnapshots.pbx("main").syncing().registration("carrier-reg", "Rejected").build());
        agree("first sync running: the PBX counts once", 1, "Warning");
        show(TestSnapshots.pbx("a").down("connection refused").registration("r", "Rejected").build(), TestSnapshots.pbx("b").build());
        agree("a session down: the PBX counts once", 1, "Warning");
        show(TestSnapshots.pbx("a").down("connection refused").build());
        agree("all down", 1, "Error");
    }

    /** AMI down: the flat object has null live values; the detail arrays and the live discoveries answer 503. */
    @Test
    void zabbixEndpointsOfAPbxWhoseStateIsUnknown() throws Exception {
        show(TestSnapshots.pbx("main").down("connection refused").trunk("PJSIP", "carrier", EndpointState.DOWN)
                .registration("carrier-reg", "Rejected").queue("support", 2).build(), TestSnapshots.pbx("other").build());
        JsonNode flat = json("/zabbix/pbx/main");
        assertTrue(flat.get("channels").isNull());
        assertTrue(flat.get("trunks_down").isNull());
        assertEquals(0, flat.path("ami_up").asInt());
        assertEquals("connection refused", flat.path("ami_error").asText());
        for (String path : List.of("/zabbix/items/main/endpoints", "/zabbix/items/main/trunks", "/zabbix/items/main/queues",
                "/zabbix/discovery/endpoints?pbx=main", "/zabbix/discovery/trunks?pbx=main", "/zabbix/discovery/queues?pbx=main",
                "/zabbix/discovery/trunks")) {
            HttpResponse<String> r = get(path);
            assertEquals(503, r.statusCode(), path);
            JsonNode e = JSON.readTree(r.body());
            assertEquals("error", e.path("result").asText());
            assertEquals("pbx main: live state unknown (AMI session down: connection refused)", e.path("e").asText(), path);
        }
        assertEquals(1, json("/zabbix/discovery/endpoints?pbx=other").size(), "another PBX is not held back");
        assertEquals(2, json("/zabbix/discovery/pbx").size(), "the configured PBXes are always discovered");
        assertEquals(404, get("/zabbix/items/main/nope").statusCode());
        show(TestSnapshots.pbx("main").syncing().build());
        assertEquals("pbx main: live state unknown (first sync of the AMI session not finished)",
                JSON.readTree(get("/zabbix/items/main/trunks").body()).path("e").asText());
        show(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP).build());
        assertEquals(1, json("/zabbix/items/main/trunks").size());
        assertEquals(2, json("/zabbix/discovery/endpoints?pbx=main").size());
    }
}
