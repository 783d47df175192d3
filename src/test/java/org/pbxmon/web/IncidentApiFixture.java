package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.pbxmon.config.ApiToken;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.config.IncidentsConfig.ObjectMeta;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentQueries;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.ObjectView;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StoreException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The incident API on a real {@link WebServer} (loopback, port 0), route in group {@code api}, keys
 * loaded from YAML (plain, by digest, inactive), data from a list-backed {@link IncidentQueries}; and
 * the helpers to read its JSON and XML answers.
 */
final class IncidentApiFixture implements AutoCloseable {
    static final String KEY = "key-77c1-api";
    static final String HASHED_KEY = "hashed-Key-9";
    static final String OLD_KEY = "old-Key-5";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Kaleyra's sample answer, verbatim from the design document (section 6.0). */
    static final String SEED_XML = """
            <api>
            <status>200</status>
            <message>OK</message>
            <data>
            <incidents>
            <monitor>
            <region>karnataka</region>
            <region_code>DL-IN</region_code>
            <type>operational</type>
            <service>all</service>
            <numbers>
            <monitor>+0809900112234</monitor>
            </numbers>
            </monitor>
            <monitor>
            <region>karnataka</region>
            <region_code>KA-IN</region_code>
            <type>operational</type>
            <service>all</service>
            <numbers>
            <monitor>+878788197367616</monitor>
            </numbers>
            </monitor>
            </incidents>
            </data>
            </api>
            """;

    /** A real, list-backed implementation of the query interface. */
    static final class ListQueries implements IncidentQueries {
        volatile boolean enabled = true;
        volatile List<ObjectView> objects = List.of();
        volatile List<Incident> history = List.of();
        volatile boolean storeDown;
        volatile long lastSinceMs = -1;
        volatile int lastLimit = -1;

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public List<ObjectView> objects() {
            return objects;
        }

        @Override
        public List<Incident> open() {
            return objects.stream().flatMap(o -> o.open().stream()).toList();
        }

        @Override
        public List<Incident> since(long sinceMs, int limit) throws StoreException {
            lastSinceMs = sinceMs;
            lastLimit = limit;
            if (storeDown) {
                throw new StoreException("incident store h2:/tmp/x unreachable");
            }
            return history.stream().filter(i -> Math.max(i.updatedMs(), i.closedMs() == null ? 0 : i.closedMs())
                    >= sinceMs).limit(limit).toList();
        }
    }

    final ListQueries queries = new ListQueries();
    final WebFixture web;

    IncidentApiFixture() throws Exception {
        HttpConfig http = ConfigLoader.parse("""
                http:
                  users: [{username: alice, password: wonder-Land-7}]
                  api_keys:
                    - {name: desk, key: %s}
                    - {name: hashed, key_sha256: %s}
                    - {name: old, key: %s, status: inactive}
                  auth: {api: [api_key, basic]}
                """.formatted(KEY, ApiToken.sha256Hex(HASHED_KEY).toUpperCase(), OLD_KEY), "t.yml", Map.of())
                .http().withListen("127.0.0.1", 0);
        web = WebFixture.start(http, List.of(IncidentApiHandler.route(queries)));
    }

    @Override
    public void close() {
        web.close();
    }

    static ObjectView view(ObjectRef ref, String region, String code, Severity s, List<String> numbers) {
        ObjectMeta meta = new ObjectMeta("tag-" + ref.name(), region, code, "sbc1", "all", 30, numbers);
        List<Incident> open = s == Severity.OPERATIONAL ? List.of()
                : List.of(new Incident("rule:r:" + ref.id(), ref, Incident.RULE, "r", s, "bad " + ref.name(),
                        1_000, 2_000, null, Map.of()));
        return new ObjectView(ref, meta, s, 3, 30, open, s == Severity.OPERATIONAL ? 0 : 1_714_557_600_000L);
    }

    void someIncidents() {
        queries.objects = List.of(
                view(ObjectRef.pbx("main"), "karnataka", "DL-IN", Severity.CRITICAL, List.of("+0809900112234")),
                view(ObjectRef.probe("itgrix"), null, null, Severity.WARNING, List.of()),
                view(ObjectRef.queue("main", "support"), "karnataka", "KA-IN", Severity.OPERATIONAL, List.of("+1")),
                view(ObjectRef.trunk("main", "backup"), "karnataka", "KA-IN", Severity.WARNING,
                        List.of("+878788197367616", "+0809900112234")),
                view(ObjectRef.trunk("main", "carrier"), "karnataka", "KA-IN", Severity.WARNING,
                        List.of("+878788197367616", "", "+0000")));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return web.get(pathAndQuery, "X-API-Key", KEY);
    }

    /** A request written on a socket, for targets java.net.URI refuses; the whole answer. */
    String raw(String target, String key) {
        try (Socket s = new Socket("127.0.0.1", web.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (key == null ? "" : "X-API-Key: " + key + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(target, e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers()
                    .toString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static Document xml(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"),
                r.headers().toString());
        return parseXml(r.body());
    }

    static Document parseXml(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + text, e);
        }
    }

    static List<Element> children(Node n) {
        List<Element> out = new ArrayList<>();
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Node n, String name) {
        return children(n).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    static List<String> names(Node n) {
        return children(n).stream().map(Element::getTagName).toList();
    }

    static List<String> texts(Node n) {
        return children(n).stream().map(Element::getTextContent).toList();
    }

    static void assertEnvelope(HttpResponse<String> r, int http, String status, String message) {
        assertEquals(http, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml")) {
            Document d = xml(r);
            assertEquals("api", d.getDocumentElement().getTagName());
            assertEquals(List.of("status", "message"), names(d.getDocumentElement()), r.body());
            assertEquals(List.of(status, message), texts(d.getDocumentElement()));
        } else {
            JsonNode j = json(r);
            assertEquals(JSON.createObjectNode().put("status", status).put("message", message), j);
        }
    }

}
