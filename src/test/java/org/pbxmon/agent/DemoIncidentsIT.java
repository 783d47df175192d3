package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;

/**
 * The "done when", on the demo as Main starts it: an incident opens, its signed callback
 * arrives, the incident API answers in JSON and XML, and the carrier's incident resolves within two
 * minutes of the start (the simulator rejects the carrier registration 60 s in, for 20 s). Deadlines
 * are generous: this must pass on a loaded machine.
 */
class DemoIncidentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private DemoPbx demo;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private List<JsonNode> deliveries() throws Exception {
        JsonNode root = JSON.readTree(Http.get(agent.port(), "/demo/callbacks", "demo", "demo").body());
        List<JsonNode> out = new ArrayList<>();
        root.path("deliveries").forEach(out::add);
        return out;
    }

    private boolean delivered(String object, String status) throws Exception {
        for (JsonNode d : deliveries()) {
            if (d.path("data").path("object").path("id").asText().equals(object)
                    && d.path("data").path("final_status").asText().equals(status)) {
                assertTrue(d.path("signature_valid").asBoolean(), "signed: " + d);
                return true;
            }
        }
        return false;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, long ms, Check c) {
        Await.until(java.time.Duration.ofMillis(ms), () -> {
            try {
                return c.holds();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, true, what);
    }

    @Test
    void anIncidentOpensItsSignedCallbackArrivesAndTheCarrierIncidentResolves() throws Exception {
        demo = DemoPbx.start();
        agent = new Agent(demo.config("127.0.0.1", 0)).withRoute(demo.callbacksRoute()).start();
        // at once: the Itgrix license expires in 5 days
        await("the license incident's callback", 60_000, () -> delivered("probe:itgrix", "warning"));
        String json = Http.get(agent.port(), "/api/v1/incidents?api_key=demo&format=json").body();
        JsonNode api = JSON.readTree(json);
        assertEquals(200, api.path("status").asInt(), json);
        assertEquals("warning", api.path("data").path("incidents").path(0).path("type").asText(), json);
        String xml = Http.get(agent.port(), "/api/v1/incidents?api_key=demo&format=xml").body();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("api", doc.getDocumentElement().getTagName(), xml);
        assertEquals("200", doc.getElementsByTagName("status").item(0).getTextContent(), xml);

        // a minute in: the carrier's registration is rejected for 20 s
        await("the carrier's critical callback", 150_000, () -> delivered("trunk:demo/carrier", "critical"));
        String during = Http.get(agent.port(), "/api/v1/incidents?api_key=demo&format=json").body();
        assertTrue(during.contains("karnataka") && during.contains("+0809900112234"), "region and numbers: " + during);
        await("the carrier's incident to resolve", 90_000, () -> delivered("trunk:demo/carrier", "operational"));
        // the metrics follow within a tick of the engine
        await("3 deliveries in the metrics", 30_000, () -> Http.metrics(agent.port())
                .getOrDefault("pbxmon_callbacks_sent_total{callback=\"demo-receiver\"}", 0.0) >= 3);
    }
}
