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
import org.pbxmon.testing.MariaDb;

/** The lab PBX in the simulator, an agent watching it as "lab", and the host macros of a Zabbix host. */
final class ZabbixLab implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(10);
    static final String PBX_EXTRA = "    stuck_call_threshold: 2s\n    trunks:\n      capacity_channels:\n        carrier: 2\n";
    /** Its own client: a shared one may reuse a pooled connection to an earlier agent on the same port. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AmiSimulator sim;
    final SimWorld world;
    final LabAgent agent;

    /** The lab's CEL database on the shared test MariaDB, null without a CEL source. */
    final String celDb;

    ZabbixLab() throws Exception {
        this(false);
    }

    /**
     * With {@code cel}: a CEL table with the real sample rows (MAX(id) 154) in a new database of the
     * shared test MariaDB, read by a read-only user, a consumer query on a one-row state table
     * ({@code consumer_state}, last_id 154: nothing pending), a 3 s stall window and fast polls.
     */
    ZabbixLab(boolean cel) throws Exception {
        this(cel, "");
    }

    /** @param topLevel YAML appended after the pbx list at the top level, e.g. a {@code probes:} block */
    ZabbixLab(boolean cel, String topLevel) throws Exception {
        world = SimWorld.lab();
        sim = AmiSimulator.start(world, "pbxmon", "sim-secret");
        String extra = PBX_EXTRA;
        if (cel) {
            MariaDb db = MariaDb.shared();
            celDb = db.newDatabase("zbx_cel");
            db.createCelTable(celDb, "cel");
            db.loadSample(celDb, "cel");
            db.exec(celDb, "CREATE TABLE consumer_state (id INT PRIMARY KEY, last_id BIGINT NOT NULL)",
                    "INSERT INTO consumer_state VALUES (1, 154)");
            db.createReadOnlyUser(CEL_USER, CEL_PASSWORD, celDb, "cel");
            db.createReadOnlyUser(CEL_USER, CEL_PASSWORD, celDb, "consumer_state");
            extra += """
                        cel:
                          url: %s
                          username: %s
                          password: %s
                          time_zone: UTC
                          poll_interval: 200ms
                          query_timeout: 2s
                          connect_timeout: 1s
                          stall_window: 3s
                          consumer:
                            query: SELECT last_id FROM consumer_state WHERE id = 1
                    """.formatted(db.url(celDb), CEL_USER, CEL_PASSWORD);
        } else {
            celDb = null;
        }
        agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, extra), topLevel);
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

    static final String CEL_USER = "pbxmon_zbx_cel_ro";
    static final String CEL_PASSWORD = "zbx-cel-R0-pass";

    /** Runs statements in the lab's CEL database. */
    void celSql(String... sql) {
        try {
            MariaDb.shared().exec(celDb, sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A new CEL row, now (UTC), as cel_odbc would insert it. */
    void celInsert(String eventtype, String linkedid) {
        celSql("INSERT INTO cel (eventtype, eventtime, uniqueid, linkedid) VALUES ('" + eventtype
                + "', UTC_TIMESTAMP(6), '" + linkedid + "', '" + linkedid + "')");
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
