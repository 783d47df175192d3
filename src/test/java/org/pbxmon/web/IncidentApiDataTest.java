package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.web.IncidentApiFixture.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.Severity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The incident API's history ({@code ?since=}) and {@code /api/v1/objects} over real HTTP, JSON and XML. */
class IncidentApiDataTest {
    IncidentApiFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new IncidentApiFixture();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void historySinceInBothFormats() throws Exception {
        ObjectRef carrier = ObjectRef.trunk("main", "carrier");
        Incident closed = new Incident("rule:registration:trunk:main/carrier", carrier, Incident.RULE, "registration",
                Severity.CRITICAL, "registration of trunk carrier is Rejected", 1_714_557_600_000L,
                1_714_557_660_000L, 1_714_557_720_500L, Map.of());
        Incident open = new Incident("am:abc", ObjectRef.alert("HighLoad"), Incident.ALERTMANAGER, "HighLoad",
                Severity.WARNING, "load is high", 1_714_557_000_000L, 1_714_557_900_000L, null, Map.of());
        fx.queries.history = List.of(open, closed);
        HttpResponse<String> r = fx.get("/api/v1/incidents?since=2024-05-01T10:00:00Z");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli(), fx.queries.lastSinceMs);
        assertEquals(IncidentApiHandler.DEFAULT_LIMIT, fx.queries.lastLimit);
        assertEquals(JSON.readTree("""
                {"status":200,"message":"OK","data":{"since":"2024-05-01T10:00:00Z","incidents":[
                  {"key":"am:abc","object":"alert:HighLoad","rule":"HighLoad","severity":"warning",
                   "summary":"load is high","opened":"2024-05-01T09:50:00Z","updated":"2024-05-01T10:05:00Z",
                   "closed":null},
                  {"key":"rule:registration:trunk:main/carrier","object":"trunk:main/carrier","rule":"registration",
                   "severity":"critical","summary":"registration of trunk carrier is Rejected",
                   "opened":"2024-05-01T10:00:00Z","updated":"2024-05-01T10:01:00Z",
                   "closed":"2024-05-01T10:02:00.500Z"}]}}
                """), json(r));

        fx.get("/api/v1/?method=monitor&since=1714557600&limit=1");
        assertEquals(1_714_557_600_000L, fx.queries.lastSinceMs, "epoch seconds");
        assertEquals(1, fx.queries.lastLimit);
        fx.get("/api/v1/?since=2024-05-01T12:00:00+02:00");
        assertEquals(1_714_557_600_000L, fx.queries.lastSinceMs, "an unencoded '+' offset");
        fx.get("/api/v1/?since=2024-05-01T12:00:00%2B02:00");
        assertEquals(1_714_557_600_000L, fx.queries.lastSinceMs, "an encoded '+' offset");

        Document d = xml(fx.get("/api/v1/incidents?since=1714557600&format=xml"));
        Element data = child(d.getDocumentElement(), "data");
        assertEquals(List.of("since", "incidents"), names(data));
        List<Element> items = children(child(data, "incidents"));
        assertEquals(List.of("monitor", "monitor"), items.stream().map(Element::getTagName).toList());
        assertEquals(List.of("key", "object", "rule", "severity", "summary", "opened", "updated"), names(items.get(0)),
                "closed is left out while open");
        assertEquals(List.of("key", "object", "rule", "severity", "summary", "opened", "updated", "closed"),
                names(items.get(1)));
        assertEquals("2024-05-01T10:02:00.500Z", child(items.get(1), "closed").getTextContent());

        assertEnvelope(fx.get("/api/v1/incidents?since=2030-01-01T00:00:00Z"), 200, "E701", "No incidents found");
        assertEnvelope(fx.get("/api/v1/incidents?since=2030-01-01T00:00:00Z&format=xml"), 200, "E701",
                "No incidents found");
        fx.queries.storeDown = true;
        assertEnvelope(fx.get("/api/v1/incidents?since=0&format=xml"), 503, "E503", "incident store unavailable");
    }

    @Test
    void objectsListEveryObjectWithItsStatus() throws Exception {
        fx.someIncidents();
        HttpResponse<String> r = fx.get("/api/v1/objects");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode objects = json(r).get("data").get("objects");
        assertEquals(5, objects.size());
        assertEquals(JSON.readTree("""
                {"id":"trunk:main/carrier","kind":"trunk","pbx":"main","name":"carrier","server_tag":"tag-carrier",
                 "region":"karnataka","region_code":"KA-IN","primary_server":"sbc1","service":"all","capacity":30,
                 "used":3,"numbers":["+0000","+878788197367616"],"final_status":"warning","open_incidents":1,
                 "modified":"2024-05-01T10:00:00Z"}
                """), objects.get(4));
        JsonNode queue = objects.get(2);
        assertEquals("operational", queue.get("final_status").asText());
        assertEquals(0, queue.get("open_incidents").asInt());
        assertTrue(queue.get("modified").isNull());
        JsonNode probe = objects.get(1);
        assertEquals("", probe.get("region").asText());

        Document d = xml(fx.get("/api/v1/objects?format=xml"));
        List<Element> items = children(child(child(d.getDocumentElement(), "data"), "objects"));
        assertEquals(5, items.size());
        Element carrier = items.get(4);
        assertEquals("monitor", carrier.getTagName());
        assertEquals(List.of("id", "kind", "pbx", "name", "server_tag", "region", "region_code", "primary_server",
                "service", "capacity", "used", "numbers", "final_status", "open_incidents", "modified"), names(carrier));
        assertEquals(List.of("+0000", "+878788197367616"), texts(child(carrier, "numbers")));
        assertNull(child(items.get(2), "modified"), "no modified time: left out in XML");

        fx.queries.objects = List.of();
        JsonNode empty = json(fx.get("/api/v1/objects"));
        assertEquals(200, empty.get("status").asInt());
        assertEquals(0, empty.get("data").get("objects").size());
    }

}
