package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/** The lab PBX in the simulator, an agent watching it as "lab", and the host macros of a Zabbix host. */
final class ZabbixLab implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(10);
    static final String PBX_EXTRA = "    stuck_call_threshold: 2s\n    trunks:\n      capacity_channels:\n        carrier: 2\n";
    /** Its own client: a shared one may reuse a pooled connection to an earlier agent on the same port. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AmiSimulator sim;
    final SimWorld world;
    final LabAgent agent;

    ZabbixLab() throws Exception {
        world = SimWorld.lab();
        sim = AmiSimulator.start(world, "pbxmon", "sim-secret");
        agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, PBX_EXTRA));
        Await.until(T, () -> flat().path("ami_up").asInt(), 1, "ami_up");
        Await.until(T, () -> flat().path("collectors_total").asInt() > 0, true, "first sync");
    }

    /** The host macros of a Zabbix host monitoring this lab. */
    Map<String, String> hostMacros() {
        Map<String, String> m = new HashMap<>();
        m.put("{$PBXMON.URL}", "http://127.0.0.1:" + agent.port());
        m.put("{$PBXMON.PBX}", "lab");
        m.put("{$PBXMON.USER}", LabAgent.USER);
        m.put("{$PBXMON.PASSWORD}", LabAgent.PASSWORD);
        return m;
    }

    ZabbixPoll poll(Template t, Map<String, String> overrides) {
        Map<String, String> m = hostMacros();
        m.putAll(overrides);
        return ZabbixPoll.run(t, this, m);
    }

    HttpResponse<String> get(String path) {
        return get(path, LabAgent.USER, LabAgent.PASSWORD);
    }

    /** GET over loopback, with Basic credentials unless user is null. */
    HttpResponse<String> get(String pathAndQuery, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + pathAndQuery + " failed: " + e, e);
        }
    }

    /** /metrics as series to value. */
    Map<String, Double> metrics() {
        return Http.parse(get("/metrics", null, null).body());
    }

    JsonNode json(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return ZabbixJson.JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    JsonNode flat() {
        return json("/zabbix/pbx/lab");
    }

    /** AMI down: the simulator goes away (the agent keeps serving). */
    void amiDown() {
        sim.close();
    }

    /** AMI back on the same port, same world. */
    void amiUp() throws Exception {
        int port = sim.port();
        sim = AmiSimulator.start(world, "pbxmon", "sim-secret", port);
    }

    @Override
    public void close() {
        agent.close();
        sim.close();
    }
}
