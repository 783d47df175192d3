package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds {@code incidents.callbacks}: Kaleyra-style callback receivers. */
final class CallbackBinder {
    static final List<String> KEYS = List.of("name", "title", "status", "url", "method", "payload", "headers",
            "raw_json", "timeout", "secret", "concurrency", "max_age");
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_AGE = Duration.ofHours(24);
    static final int CONCURRENCY = 4;
    /** Headers the agent sets itself. */
    private static final List<String> RESERVED = List.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "webhook-id", "webhook-timestamp", "webhook-signature", "user-agent");

    private CallbackBinder() {
    }

    static List<IncidentsConfig.Callback> bindAll(JsonNode node, String path, Values v) {
        List<JsonNode> items = v.list(node, path);
        List<IncidentsConfig.Callback> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            IncidentsConfig.Callback c = bind(items.get(i), Problems.index(path, i), v, names);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static IncidentsConfig.Callback bind(JsonNode node, String path, Values v, Map<String, String> names) {
        int before = v.problems.size();
        ObjectNode c = v.mapping(node, path, KEYS);
        if (c == null) {
            if (Values.absent(node)) {
                v.problems.add(path, "expected a callback mapping (name, url, ...)");
            }
            return null;
        }
        String name = v.uniqueName(c, path, names);
        if (name != null && name.length() > 64) {
            v.problems.add(path + ".name", "at most 64 characters");
        }
        String title = v.optional(c.get("title"), path + ".title", name == null ? "" : name);
        String status = v.choice(c.get("status"), path + ".status", List.of("active", "inactive"), "active");
        String urlText = v.required(c, "url", path + ".url", false);
        URI url = null;
        if (urlText != null) {
            try {
                // {response} may sit in the query: check the URL with it replaced
                url = new URI(urlText.replace("{response}", "x"));
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                    v.problems.add(path + ".url", "expected an http:// or https:// URL with a host");
                    url = null;
                } else if (url.getUserInfo() != null) {
                    v.problems.add(path + ".url", "must not hold credentials: use headers");
                    url = null;
                } else {
                    url = URI.create(urlText.replace("{response}", "%7Bresponse%7D"));
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                v.problems.add(path + ".url", "not a valid URL (" + e.getMessage() + ")");
            }
        }
        String method = v.choice(c.get("method"), path + ".method", List.of("get", "post"), "post");
        Boolean raw = v.onOff(c.get("raw_json"), path + ".raw_json", false);
        String payload = v.optional(c.get("payload"), path + ".payload", null);
        if (payload == null && Boolean.FALSE.equals(raw)) {
            payload = "data={response}";
        }
        if (payload == null) {
            payload = "";
        }
        if ("get".equals(method) && c.has("payload")) {
            v.problems.add(path + ".payload", "a GET has no body: put {response} in the url");
        }
        if ("get".equals(method) && Boolean.TRUE.equals(raw)) {
            v.problems.add(path + ".raw_json", "only for method POST");
        }
        Map<String, String> headers = headers(c.get("headers"), path + ".headers", v);
        Duration timeout = v.duration(c.get("timeout"), path + ".timeout", TIMEOUT);
        if (timeout != null && timeout.compareTo(Duration.ofMinutes(2)) > 0) {
            v.problems.add(path + ".timeout", "must be at most 2m");
        }
        String secret = v.optional(c.get("secret"), path + ".secret", null);
        if (secret != null && secret.isEmpty()) {
            v.problems.add(path + ".secret", "must not be empty (leave it out for unsigned deliveries)");
        }
        if (secret != null && secret.startsWith("whsec_")) {
            try {
                java.util.Base64.getDecoder().decode(secret.substring(6));
            } catch (IllegalArgumentException e) {
                v.problems.add(path + ".secret", "whsec_ must be followed by base64");
            }
        }
        Integer concurrency = v.integer(c.get("concurrency"), path + ".concurrency", CONCURRENCY, 1, 64,
                "must be between 1 and 64");
        Duration maxAge = v.duration(c.get("max_age"), path + ".max_age", MAX_AGE);
        if (v.problems.size() > before) {
            return null;
        }
        return new IncidentsConfig.Callback(name, title, "active".equals(status), url, method.toUpperCase(Locale.ROOT),
                payload, headers, raw, timeout, secret == null ? null : Secret.of(secret), concurrency, maxAge);
    }

    private static Map<String, String> headers(JsonNode node, String path, Values v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (Values.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            v.problems.add(path, "expected a mapping of header names to values, got " + Values.describe(node, false));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String hp = Problems.child(path, e.getKey());
            if (!e.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                v.problems.add(hp, "not a valid header name");
                continue;
            }
            if (RESERVED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                v.problems.add(hp, "set by pbxmon itself; cannot be configured");
                continue;
            }
            String value = Values.absent(e.getValue()) ? "" : v.text(e.getValue(), hp, true);
            if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
                v.problems.add(hp, "must not contain a line break");
                continue;
            }
            if (value != null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }
}
