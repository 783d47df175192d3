package org.pbxmon.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentQueries;
import org.pbxmon.incident.ObjectView;
import org.pbxmon.incident.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kaleyra-style incident API, group {@code api}, {@code GET}/{@code HEAD} only:
 * <ul>
 * <li>{@code /api/v1/}, {@code /api/v1/incidents} ({@code ?method=monitor} optional): the current
 * incidents grouped by region, region code, type and service:
 * {@code {"status":200,"message":"OK","data":{"incidents":[{"region","region_code","type","service",
 * "numbers":[...],"objects":[...]}]}}};</li>
 * <li>the same with {@code ?since=<RFC 3339 | epoch seconds>} ({@code &limit=}, default 1000): the
 * history, {@code data: {since, incidents: [{key, object, rule, severity, summary, opened, updated,
 * closed}]}}, newest first;</li>
 * <li>{@code /api/v1/objects}: every object with its metadata and status, {@code data.objects[]}.</li>
 * </ul>
 * {@code format=json} (default) or {@code xml}: XML has root {@code <api>} and {@code <monitor>} list
 * items, as Kaleyra's. Errors use the same envelope with a code for {@code status}: {@code E701} "No
 * incidents found" (HTTP 200, as Kaleyra), {@code E542} when incidents are disabled or the API key is
 * inactive (403), {@code E400} bad parameter (400), {@code E404}, {@code E405}, {@code E503} (the store
 * failed). A wrong key never gets here (401 from the auth layer). Every answer is {@code no-store}.
 * Nothing here logs the query string: it may hold the API key.
 *
 * <p>Mount it as a prefix route in group {@code api}. The router does not let a prefix route serve its
 * own path, so to answer {@code /api/v1/} itself mount it at {@link #MOUNT} ({@code /api/}); it answers
 * E404 below {@code /api/} outside {@code /api/v1}.
 */
public final class IncidentApiHandler implements HttpHandler {
    /** Where to mount it (a prefix route) so that {@code /api/v1/} itself is served. */
    public static final String MOUNT = "/api/";
    /** Its auth group. */
    public static final String GROUP = "api";
    static final String BASE = "/api/v1";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(IncidentApiHandler.class);
    private static final ObjectWriter JSON = new ObjectMapper().writer();
    private static final ObjectWriter XML = XmlMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build().writer();

    private final IncidentQueries queries;

    public IncidentApiHandler(IncidentQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /** The route to add to the web server: {@link #MOUNT} in group {@link #GROUP}. */
    public static Route route(IncidentQueries queries) {
        return new Route(MOUNT, GROUP, new IncidentApiHandler(queries));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Map<String, String> q;
        try {
            q = params(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            send(ex, false, 400, IncidentApiBody.Envelope.error("E400", "malformed query string"));
            return;
        }
        String format = q.getOrDefault("format", "json");
        boolean xml = format.equalsIgnoreCase("xml");
        if (!xml && !format.equalsIgnoreCase("json")) {
            send(ex, false, 400, IncidentApiBody.Envelope.error("E400", "format must be json or xml"));
            return;
        }
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, xml, 405, IncidentApiBody.Envelope.error("E405", "method not allowed: use GET"));
            return;
        }
        String path = ex.getRequestURI().getPath();
        boolean objects = (BASE + "/objects").equals(path) || (BASE + "/objects/").equals(path);
        boolean incidents = BASE.equals(path) || (BASE + "/").equals(path) || (BASE + "/incidents").equals(path)
                || (BASE + "/incidents/").equals(path);
        if (!objects && !incidents) {
            send(ex, xml, 404, IncidentApiBody.Envelope.error("E404", "unknown API path"));
            return;
        }
        if (!queries.enabled() || inactiveKey(ex.getPrincipal())) {
            send(ex, xml, 403, IncidentApiBody.Envelope.error("E542", "User Plugin not found or inactive"));
            return;
        }
        if (objects) {
            List<IncidentApiBody.ObjectItem> list = queries.objects().stream().map(IncidentApiBody::object).toList();
            send(ex, xml, 200, IncidentApiBody.Envelope.ok(new IncidentApiBody.ObjectList(list)));
            return;
        }
        String method = q.get("method");
        if (method != null && !method.equals("monitor")) {
            send(ex, xml, 400, IncidentApiBody.Envelope.error("E400", "method must be monitor"));
            return;
        }
        if (q.containsKey("since")) {
            history(ex, xml, q);
            return;
        }
        List<IncidentApiBody.Group> groups = IncidentApiBody.current(queries.objects());
        send(ex, xml, 200, groups.isEmpty() ? noIncidents()
                : IncidentApiBody.Envelope.ok(new IncidentApiBody.Current(groups)));
    }

    private void history(HttpExchange ex, boolean xml, Map<String, String> q) throws IOException {
        Long since = since(q.get("since"));
        if (since == null) {
            send(ex, xml, 400, IncidentApiBody.Envelope.error("E400",
                    "since must be an RFC 3339 time (2024-05-01T10:00:00Z) or epoch seconds"));
            return;
        }
        Integer limit = limit(q.get("limit"));
        if (limit == null) {
            send(ex, xml, 400, IncidentApiBody.Envelope.error("E400", "limit must be between 1 and " + MAX_LIMIT));
            return;
        }
        List<Incident> found;
        try {
            found = queries.since(since, limit);
        } catch (StoreException e) {
            log.warn("incident API: the history query failed: {}", e.getMessage());
            send(ex, xml, 503, IncidentApiBody.Envelope.error("E503", "incident store unavailable"));
            return;
        }
        if (found.isEmpty()) {
            send(ex, xml, 200, noIncidents());
            return;
        }
        send(ex, xml, 200, IncidentApiBody.Envelope.ok(new IncidentApiBody.History(IncidentApiBody.time(since),
                found.stream().map(IncidentApiBody::history).toList())));
    }

    private static IncidentApiBody.Envelope noIncidents() {
        return IncidentApiBody.Envelope.error("E701", "No incidents found");
    }

    static boolean inactiveKey(HttpPrincipal p) {
        return p != null && p.getUsername().startsWith(GroupAuthenticator.INACTIVE_KEY_PREFIX);
    }

    /**
     * Epoch milliseconds of an RFC 3339 time (a '+' decoded to a space is taken back) or of epoch
     * seconds; null when it is neither or before 1970.
     */
    static Long since(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (!t.isEmpty() && t.length() <= 12 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(t) * 1000;
        }
        for (String candidate : List.of(t, t.replace(' ', '+'))) {
            try {
                long ms = OffsetDateTime.parse(candidate).toInstant().toEpochMilli();
                return ms < 0 ? null : ms;
            } catch (DateTimeParseException | ArithmeticException e) {
                // try the next reading
            }
        }
        return null;
    }

    static Integer limit(String s) {
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 6 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(t);
        return n >= 1 && n <= MAX_LIMIT ? n : null;
    }

    /** Decoded query parameters, the first of each name; IllegalArgumentException on a malformed escape. */
    static Map<String, String> params(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static void send(HttpExchange ex, boolean xml, int status, IncidentApiBody.Envelope body)
            throws IOException {
        byte[] bytes = (xml ? XML : JSON).writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", (xml ? "application/xml" : "application/json")
                + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length); // HEAD: Content-Length only, no body
        if ("HEAD".equals(ex.getRequestMethod())) {
            return;
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
