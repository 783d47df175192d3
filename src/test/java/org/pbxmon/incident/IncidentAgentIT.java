package org.pbxmon.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The built-in rules end to end: the AMI simulator's lab world → a real in-process agent (incidents on,
 * short rule durations, H2 in a temp dir) → incidents in the API (JSON and XML), /status, /zabbix and a
 * signed callback to a loopback receiver.
 */
class IncidentAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "admin";
    private static final String PASSWORD = "pw-Admin-1";
    private static final String API_KEY = "api-key-9b2c";
    private static final String TRUNK = "trunk:lab/carrier";
    private static final String PBX = "pbx:lab";
    private static final String NUMBER = "+0809900112234";
    private static final String REG = "asterisk_trunk_registered{pbx=\"lab\",technology=\"PJSIP\",trunk=\"carrier-reg\"}";

    @TempDir
    Path stateDir;
    private AmiSimulator sim;
    private SignedReceiver receiver;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /**
     * The lab world with every registration Registered, and an agent watching it as PBX {@code lab}, its
     * registration rule holding for {@code registrationFor} before it fires.
     */
    private void start(String registrationFor) throws Exception {
        sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET);
        // the lab's two failing registrations would open incidents of their own
        sim.world().registrationStatus("badauth-reg", "Registered");
        sim.world().registrationStatus("deadprovider-reg", "Registered");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        receiver = SignedReceiver.start(key);
        String yaml = """
                http:
                  listen: 127.0.0.1:0
                  users: [{username: %s, password: %s}]
                  api_keys: [{name: t, key: %s}]
                publish_interval: 50ms
                pbx:
                %s
                incidents:
                  agent_id: sim-it
                  store: {type: h2, state_dir: "%s"}
                  rules:
                    trunk_registration: {for: %s, clear_for: 1s}
                    ami_down: {for: 1s, clear_for: 1s}
                  objects:
                    "trunk:lab/carrier": {region: karnataka, region_code: KA-IN, server_tag: sbc-1, numbers: ["%s"]}
                  callbacks:
                    - {name: hook, url: "%s", raw_json: on, secret: "whsec_%s", timeout: 2s}
                """.formatted(USER, PASSWORD, API_KEY, LabAgent.pbxYaml("lab", sim, ""), stateDir, registrationFor,
                NUMBER, receiver.url(), Base64.getEncoder().encodeToString(key));
        agent = new Agent(LabAgent.config(yaml)).start();
        Await.until(WAIT, () -> metric("asterisk_up{pbx=\"lab\"}"), 1.0, "asterisk_up");
        Await.until(WAIT, () -> metric(REG), 1.0, "carrier-reg registered");
        Await.until(WAIT, () -> metric("pbxmon_incident_store_up"), 1.0, "incident store up");
    }

    private Double metric(String series) {
        return Http.metrics(agent.port()).get(series);
    }

    private HttpResponse<String> api(String query) {
        HttpResponse<String> r = Http.get(agent.port(), "/api/v1/incidents?api_key=" + API_KEY + query);
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private JsonNode apiJson(String query) {
        return tree(api(query).body());
    }

    private JsonNode get(String path) {
        HttpResponse<String> r = Http.get(agent.port(), path, USER, PASSWORD);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return tree(r.body());
    }

    /** {@code app.incidents} of /status (the handler may wrap it: the node holding {@code open}). */
    private JsonNode statusIncidents() {
        JsonNode n = get("/status?path=app.incidents");
        JsonNode found = n.has("open") ? n : n.findParent("open");
        assertTrue(found != null, n.toString());
        return found;
    }

    private static String text(Element parent, String child) {
        NodeList l = parent.getElementsByTagName(child);
        assertTrue(l.getLength() > 0, "no <" + child + "> in <" + parent.getTagName() + ">");
        return l.item(0).getTextContent();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element only(Element parent, String name) {
        List<Element> l = children(parent, name);
        assertEquals(1, l.size(), "<" + name + "> in <" + parent.getTagName() + ">");
        return l.get(0);
    }

    private static Document parseXml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRejectedRegistrationOpensAnIncidentOnItsTrunkAndRegisteredClosesIt() throws Exception {
        start("1s");
        Await.sleep(2_500); // two ticks past the rules' 1 s: nothing in the lab is wrong
        assertEquals("E701", apiJson("").path("status").asText());
        assertEquals(List.of(), receiver.deliveries());

        sim.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(WAIT, () -> receiver.deliveries().size(), 1, "the callback");
        SignedReceiver.Delivery opened = receiver.deliveries().get(0);
        assertTrue(opened.signed(), opened.toString());
        JsonNode e = opened.event();
        assertEquals(opened.id(), e.path("id").asText());
        assertEquals(TRUNK, opened.objectId());
        assertEquals("operational", e.path("previous_status").asText());
        assertEquals("critical", opened.finalStatus());
        assertEquals("karnataka", e.path("region").asText());
        assertEquals("KA-IN", e.path("region_code").asText());
        assertEquals(NUMBER, e.path("numbers").path(0).asText());
        assertEquals("sbc-1", e.path("object").path("server_tag").asText());
        JsonNode incident = e.path("incidents").path(0);
        assertEquals("trunk_registration", incident.path("rule").asText());
        assertEquals("rule", incident.path("origin").asText());
        assertEquals("rejected", incident.path("labels").path("status").asText());
        assertTrue(incident.path("summary").asText().contains("carrier-reg"), incident.toString());

        // the incident API, JSON
        JsonNode json = apiJson("&format=json");
        assertEquals(200, json.path("status").asInt(), json.toString());
        JsonNode groups = json.path("data").path("incidents");
        assertEquals(1, groups.size(), json.toString());
        JsonNode g = groups.get(0);
        assertEquals("karnataka", g.path("region").asText());
        assertEquals("KA-IN", g.path("region_code").asText());
        assertEquals("critical", g.path("type").asText());
        assertEquals("all", g.path("service").asText());
        assertEquals(List.of(NUMBER), JSON.convertValue(g.path("numbers"), List.class));
        assertEquals(List.of(TRUNK), JSON.convertValue(g.path("objects"), List.class));

        // ... and XML, read by a real XML parser
        Document xml = parseXml(api("&format=xml").body());
        Element root = xml.getDocumentElement();
        assertEquals("api", root.getTagName());
        assertEquals("200", only(root, "status").getTextContent());
        assertEquals("OK", only(root, "message").getTextContent());
        List<Element> monitors = children(only(only(root, "data"), "incidents"), "monitor");
        assertEquals(1, monitors.size());
        Element m = monitors.get(0);
        assertEquals("karnataka", text(m, "region"));
        assertEquals("KA-IN", text(m, "region_code"));
        assertEquals("critical", text(m, "type"));
        assertEquals(List.of(NUMBER), children(only(m, "numbers"), "monitor").stream().map(Node::getTextContent).toList());
        assertEquals(List.of(TRUNK), children(only(m, "objects"), "object").stream().map(Node::getTextContent).toList());

        // status and Zabbix count it (the view follows the event within a tick)
        Await.until(WAIT, () -> statusIncidents().path("open").asInt(), 1, "/status shows the incident");
        JsonNode st = statusIncidents();
        assertEquals(1, st.path("open").asInt(), st.toString());
        assertEquals(1, st.path("critical").asInt());
        assertEquals(0, st.path("warning").asInt());
        assertEquals(TRUNK, st.path("list").path(0).path("object").asText());
        assertEquals("trunk_registration", st.path("list").path(0).path("rule").asText());
        JsonNode z = get("/zabbix/summary");
        assertEquals(1, z.path("incidents_open_cnt").asInt(), z.toString());
        assertEquals(1, z.path("incidents_critical_cnt").asInt());
        assertEquals(0, z.path("incidents_warning_cnt").asInt());
        assertEquals(1, z.path("incident_store_up").asInt());
        assertEquals(1.0, metric("pbxmon_incidents_open{severity=\"critical\"}"));

        // Registered again: closed, operational
        sim.world().registrationStatus("carrier-reg", "Registered");
        Await.until(WAIT, () -> receiver.deliveries().size(), 2, "the closing callback");
        SignedReceiver.Delivery closed = receiver.deliveries().get(1);
        assertTrue(closed.signed(), closed.toString());
        assertEquals(TRUNK, closed.objectId());
        assertEquals("critical", closed.event().path("previous_status").asText());
        assertEquals("operational", closed.finalStatus());
        Await.until(WAIT, () -> apiJson("").path("status").asText(), "E701", "no incidents");
        Await.until(WAIT, () -> statusIncidents().path("open").asInt() + "/"
                + get("/zabbix/summary").path("incidents_open_cnt").asInt(), "0/0", "status and zabbix: open");
        // the history keeps it, closed
        JsonNode history = apiJson("&since=0");
        assertEquals(1, history.path("data").path("incidents").size(), history.toString());
        JsonNode h = history.path("data").path("incidents").get(0);
        assertEquals(TRUNK, h.path("object").asText());
        assertTrue(!h.path("closed").isNull() && !h.path("closed").asText().isEmpty(), h.toString());
        Await.sleep(2_000);
        assertEquals(2, receiver.deliveries().size(), receiver.deliveries().toString());
    }

    @Test
    void withTheAmiDownOnlyAmiDownOpensAndTheTrunkIncidentStaysAsItWas() throws Exception {
        start("1s");
        sim.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(WAIT, () -> receiver.deliveries().size(), 1, "the trunk's callback");
        assertEquals(TRUNK, receiver.deliveries().get(0).objectId());
        Await.until(WAIT, () -> statusIncidents().path("list").size(), 1, "/status lists it (within a tick)");
        JsonNode before = statusIncidents().path("list");
        assertEquals(1, before.size(), before.toString());

        int port = sim.port();
        SimWorld world = sim.world();
        sim.close(); // the AMI is down: the trunk's registration state is stale from now on
        sim = null;
        Await.until(WAIT, () -> receiver.deliveries().size(), 2, "the PBX's callback");
        SignedReceiver.Delivery down = receiver.deliveries().get(1);
        assertTrue(down.signed(), down.toString());
        assertEquals(PBX, down.objectId());
        assertEquals("critical", down.finalStatus());
        assertEquals("ami_down", down.event().path("incidents").path(0).path("rule").asText());

        Await.sleep(4_000); // several ticks, far past every for and clear_for of 1 s
        assertEquals(2, receiver.deliveries().size(), receiver.deliveries().toString());
        JsonNode list = statusIncidents().path("list");
        assertEquals(2, list.size(), list.toString());
        JsonNode trunk = null;
        for (JsonNode i : list) {
            if (i.path("object").asText().equals(TRUNK)) {
                trunk = i;
            } else {
                assertEquals(PBX, i.path("object").asText(), list.toString());
                assertEquals("ami_down", i.path("rule").asText());
            }
        }
        assertEquals(before.get(0), trunk, "the trunk's incident, unchanged");
        JsonNode json = apiJson(""); // by region: the PBX has none, the trunk is in karnataka
        List<String> groups = new ArrayList<>();
        json.path("data").path("incidents").forEach(g -> groups.add(g.path("type").asText() + " "
                + g.path("region").asText() + " " + g.path("objects")));
        assertEquals(List.of("critical  [\"" + PBX + "\"]", "critical karnataka [\"" + TRUNK + "\"]"), groups);
        JsonNode z = get("/zabbix/summary");
        assertEquals(2, z.path("incidents_critical_cnt").asInt(), z.toString());

        // the PBX back, its registration fixed meanwhile: both incidents close
        world.registrationStatus("carrier-reg", "Registered");
        sim = AmiSimulator.start(world, LabAgent.AMI_USER, LabAgent.AMI_SECRET, port);
        Await.until(WAIT, () -> receiver.deliveries().size(), 4, "both closing callbacks");
        List<SignedReceiver.Delivery> all = receiver.deliveries();
        assertEquals(List.of("critical", "operational"), receiver.about(PBX).stream()
                .map(SignedReceiver.Delivery::finalStatus).toList(), all.toString());
        assertEquals(List.of("critical", "operational"), receiver.about(TRUNK).stream()
                .map(SignedReceiver.Delivery::finalStatus).toList(), all.toString());
        assertTrue(all.stream().allMatch(SignedReceiver.Delivery::signed), all.toString());
        Await.until(WAIT, () -> apiJson("").path("status").asText(), "E701", "no incidents");
    }

    @Test
    void aRegistrationFlappingFasterThanItsForOpensNothing() throws Exception {
        start("2s");
        Set<Double> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean rejected = new AtomicBoolean();
        ScheduledExecutorService flapper = Executors.newSingleThreadScheduledExecutor();
        try {
            flapper.scheduleAtFixedRate(() -> {
                boolean now = !rejected.get();
                rejected.set(now);
                sim.world().registrationStatus("carrier-reg", now ? "Rejected" : "Registered");
            }, 0, 300, TimeUnit.MILLISECONDS);
            long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < end) {
                Double v = metric(REG);
                if (v != null) {
                    seen.add(v);
                }
                Await.sleep(70);
            }
        } finally {
            flapper.shutdownNow();
            flapper.awaitTermination(5, TimeUnit.SECONDS);
        }
        sim.world().registrationStatus("carrier-reg", "Registered");
        assertEquals(Set.of(0.0, 1.0), seen, "the agent saw the registration flap");
        Await.until(WAIT, () -> metric(REG), 1.0, "registered at last");
        Await.sleep(3_000); // past for and clear_for
        assertEquals(List.of(), receiver.deliveries());
        assertEquals("E701", apiJson("&since=0").path("status").asText(), "no incident ever, not even closed");
        assertEquals(0.0, metric("pbxmon_incidents_open{severity=\"critical\"}"));
        assertEquals(0, statusIncidents().path("open").asInt());
    }
}
