package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.web.IncidentApiFixture.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ApiToken;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.Severity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The incident API's current incidents and its answer codes over real HTTP: both formats, every code
 * (OK, E701, E542 disabled or inactive key, 401, 400, 404, 405), the key in the header, in the query or
 * configured by digest, the XML compared with Kaleyra's sample, and no key in any log line.
 */
class IncidentApiTest {
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
    void currentIncidentsAsJsonGroupedByRegionCodeTypeAndService() throws Exception {
        fx.someIncidents();
        for (String path : List.of("/api/v1/incidents", "/api/v1/", "/api/v1/?method=monitor&format=json",
                "/api/v1/incidents?format=JSON", "/api/v1")) {
            HttpResponse<String> r = fx.get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
            JsonNode expected = JSON.readTree("""
                    {"status":200,"message":"OK","data":{"incidents":[
                      {"region":"karnataka","region_code":"DL-IN","type":"critical","service":"all",
                       "numbers":["+0809900112234"],"objects":["pbx:main"]},
                      {"region":"","region_code":"","type":"warning","service":"all",
                       "numbers":[],"objects":["probe:itgrix"]},
                      {"region":"karnataka","region_code":"KA-IN","type":"warning","service":"all",
                       "numbers":["+0000","+0809900112234","+878788197367616"],
                       "objects":["trunk:main/backup","trunk:main/carrier"]}]}}
                    """);
            assertEquals(expected, json(r), path);
            assertTrue(json(r).get("status").isInt(), "status is the number 200, as the seed");
        }
    }

    @Test
    void currentIncidentsAsXmlHaveTheSeedsStructure() {
        fx.someIncidents();
        HttpResponse<String> r = fx.web.get("/api/v1/?api_key=" + KEY + "&method=monitor&format=xml");
        assertEquals(200, r.statusCode(), r.body());
        Document ours = xml(r);
        Document seed = parseXml(SEED_XML);
        Element api = ours.getDocumentElement();
        assertEquals(seed.getDocumentElement().getTagName(), api.getTagName());
        assertEquals(names(seed.getDocumentElement()), names(api));
        assertEquals(List.of("200", "OK"), texts(api).subList(0, 2));
        Element incidents = child(child(api, "data"), "incidents");
        assertEquals(List.of("incidents"), names(child(api, "data")));
        assertEquals(List.of("monitor", "monitor", "monitor"), names(incidents));
        List<String> seedEntry = names(children(child(child(seed.getDocumentElement(), "data"), "incidents")).get(0));
        assertEquals(List.of("region", "region_code", "type", "service", "numbers"), seedEntry);
        List<List<String>> numbers = new ArrayList<>();
        for (Element m : children(incidents)) {
            List<String> fields = names(m);
            assertEquals(seedEntry, fields.subList(0, seedEntry.size()), "the seed's fields first, in its order");
            assertEquals(List.of("objects"), fields.subList(seedEntry.size(), fields.size()), "one additive field");
            Element nums = child(m, "numbers");
            children(nums).forEach(n -> assertEquals("monitor", n.getTagName()));
            children(child(m, "objects")).forEach(n -> assertEquals("object", n.getTagName()));
            numbers.add(texts(nums));
        }
        Element first = children(incidents).get(0);
        assertEquals(List.of("karnataka", "DL-IN", "critical", "all"), texts(first).subList(0, 4));
        assertEquals(List.of(List.of("+0809900112234"), List.of(),
                List.of("+0000", "+0809900112234", "+878788197367616")), numbers);
        assertEquals(List.of("trunk:main/backup", "trunk:main/carrier"),
                texts(child(children(incidents).get(2), "objects")));
    }

    @Test
    void noIncidentsIsE701InBothFormats() {
        fx.queries.objects = List.of(view(ObjectRef.pbx("main"), "karnataka", "KA-IN", Severity.OPERATIONAL,
                List.of("+1")));
        assertEnvelope(fx.get("/api/v1/incidents"), 200, "E701", "No incidents found");
        assertEnvelope(fx.get("/api/v1/?method=monitor&format=xml"), 200, "E701", "No incidents found");
        fx.queries.objects = List.of();
        assertEnvelope(fx.get("/api/v1/"), 200, "E701", "No incidents found");
    }

    @Test
    void disabledIncidentsAndInactiveKeysAreE542() {
        fx.someIncidents();
        fx.queries.enabled = false;
        for (String format : List.of("json", "xml")) {
            assertEnvelope(fx.get("/api/v1/?format=" + format), 403, "E542", "User Plugin not found or inactive");
            assertEnvelope(fx.get("/api/v1/objects?format=" + format), 403, "E542", "User Plugin not found or inactive");
        }
        fx.queries.enabled = true;
        for (String format : List.of("json", "xml")) {
            assertEnvelope(fx.web.get("/api/v1/?format=" + format, "X-API-Key", OLD_KEY), 403, "E542",
                    "User Plugin not found or inactive");
            assertEnvelope(fx.web.get("/api/v1/?format=" + format + "&api_key=" + OLD_KEY), 403, "E542",
                    "User Plugin not found or inactive");
            assertEnvelope(fx.web.get("/api/v1/objects?format=" + format, "X-API-Key", OLD_KEY), 403, "E542",
                    "User Plugin not found or inactive");
        }
        assertEquals(200, fx.get("/api/v1/").statusCode(), "an active key still works");
    }

    @Test
    void keysInHeaderQueryOrByDigestAndBasicUsers() {
        fx.someIncidents();
        assertEquals(200, fx.web.get("/api/v1/incidents", "X-API-Key", KEY).statusCode());
        assertEquals(200, fx.web.get("/api/v1/incidents?api_key=" + KEY).statusCode());
        assertEquals(200, fx.web.get("/api/v1/incidents", "X-API-Key", HASHED_KEY).statusCode(), "key_sha256");
        assertEquals(200, fx.web.get("/api/v1/incidents?format=xml&api_key=" + HASHED_KEY).statusCode());
        assertEquals(200, fx.web.get("/api/v1/incidents?api_key=" + KEY, "X-API-Key", "wrong").statusCode(),
                "a wrong header does not hide a right query key");
        assertEquals(200, fx.web.get("/api/v1/incidents", "Authorization", WebFixture.basic("alice", "wonder-Land-7"))
                .statusCode());
        for (String format : List.of("json", "xml")) {
            for (HttpResponse<String> r : List.of(fx.web.get("/api/v1/?format=" + format, "X-API-Key", "nope"),
                    fx.web.get("/api/v1/?format=" + format + "&api_key=nope"),
                    fx.web.get("/api/v1/?format=" + format + "&api_key=" + ApiToken.sha256Hex(HASHED_KEY)),
                    fx.web.get("/api/v1/?format=" + format))) {
                assertEquals(401, r.statusCode(), r.body());
                assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("ApiKey ")));
                assertFalse(r.body().contains(KEY) || r.body().contains(HASHED_KEY), r.body());
            }
        }
    }

    @Test
    void badFormatMethodSinceAndLimitAre400WithACode() {
        fx.someIncidents();
        assertEnvelope(fx.get("/api/v1/?format=yaml"), 400, "E400", "format must be json or xml");
        assertEnvelope(fx.get("/api/v1/?format="), 400, "E400", "format must be json or xml");
        assertTrue(fx.raw("/api/v1/?format=%zz", KEY).startsWith("HTTP/1.1 400 "), "refused before any handler");
        for (String format : List.of("json", "xml")) {
            assertEnvelope(fx.get("/api/v1/?method=callback&format=" + format), 400, "E400", "method must be monitor");
            for (String since : List.of("yesterday", "", "2024-13-01T00:00:00Z", "-5", "2024-05-01")) {
                assertEnvelope(fx.get("/api/v1/incidents?since=" + since + "&format=" + format), 400, "E400",
                        "since must be an RFC 3339 time (2024-05-01T10:00:00Z) or epoch seconds");
            }
            for (String limit : List.of("0", "10001", "x", "")) {
                assertEnvelope(fx.get("/api/v1/incidents?since=0&limit=" + limit + "&format=" + format), 400, "E400",
                        "limit must be between 1 and 10000");
            }
            assertEnvelope(fx.get("/api/v1/nothing?format=" + format), 404, "E404", "unknown API path");
            assertEnvelope(fx.get("/api/v2/incidents?format=" + format), 404, "E404", "unknown API path");
        }
    }

    @Test
    void onlyGetAndHead() {
        fx.someIncidents();
        HttpResponse<String> post = fx.web.send("POST", "/api/v1/incidents", "{}", "X-API-Key", KEY);
        assertEnvelope(post, 405, "E405", "method not allowed: use GET");
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
        assertEnvelope(fx.web.send("DELETE", "/api/v1/objects?format=xml", null, "X-API-Key", KEY), 405, "E405",
                "method not allowed: use GET");
        HttpResponse<String> head = fx.web.send("HEAD", "/api/v1/incidents", null, "X-API-Key", KEY);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("no-store", head.headers().firstValue("Cache-Control").orElse(null));
        long length = Long.parseLong(head.headers().firstValue("Content-Length").orElse("-1"));
        assertEquals(fx.get("/api/v1/incidents").body().getBytes(StandardCharsets.UTF_8).length, length);
    }


    @Test
    void aKeyInTheQueryIsNeverLogged() {
        CapturedLogs logs = new CapturedLogs(Level.TRACE);
        try {
            fx.someIncidents();
            fx.queries.storeDown = true;
            fx.web.get("/api/v1/?api_key=" + KEY);
            fx.web.get("/api/v1/?since=0&api_key=" + KEY);
            fx.web.get("/api/v1/?api_key=" + OLD_KEY);
            fx.raw("/api/v1/?api_key=%zz" + HASHED_KEY, null);
            fx.raw("/api/v1/?api_key=%" + HASHED_KEY, "nope");
            fx.web.get("/api/v1/?api_key=" + HASHED_KEY + "x");
            fx.web.get("/nothing/here?api_key=" + KEY);
        } finally {
            logs.close();
        }
        assertTrue(logs.events().stream().anyMatch(e -> e.getFormattedMessage().contains("history query failed")),
                "logs captured: " + logs.events().size());
        for (ILoggingEvent e : logs.events()) {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String secret : List.of(KEY, OLD_KEY, HASHED_KEY, "api_key=")) {
                assertFalse(line.contains(secret), line);
            }
        }
    }

    @Test
    void queryParametersDecodeAndMalformedOnesAreRefused() {
        assertEquals("a b", GroupAuthenticator.queryParam("x=1&api_key=a+b", "api_key"));
        assertEquals("k&1", GroupAuthenticator.queryParam("api_key=k%261&api_key=other", "api_key"));
        assertNull(GroupAuthenticator.queryParam("api_key=%zz", "api_key"));
        assertNull(GroupAuthenticator.queryParam(null, "api_key"));
        assertNotNull(IncidentApiHandler.params("a&b=&c=1").get("a"));
        assertEquals(1_000L, IncidentApiHandler.since("1"));
        assertNull(IncidentApiHandler.since("1969-12-31T23:59:59Z"));
    }
}

