package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds {@code http.tokens}, {@code http.api_keys}, {@code http.tls} and {@code http.limits}. */
final class HttpExtrasBinder {
    static final List<String> TLS_KEYS = List.of("cert_file", "key_file", "keystore_file", "keystore_password",
            "reload_interval");
    static final List<String> LIMIT_KEYS = List.of("workers", "queue", "max_body", "max_body_intake", "max_body_api",
            "max_connections", "max_connections_per_client");
    static final String API_KEY = "key";
    static final String KEY_SHA256 = "key_sha256";
    static final List<String> API_KEY_KEYS = List.of("name", API_KEY, KEY_SHA256, "status");
    static final Duration TLS_RELOAD_INTERVAL = Duration.ofSeconds(30);
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private HttpExtrasBinder() {
    }

    /** {@code [{name: x, <valueKey>: secret}, ...]}: names unique, values non-empty. */
    static List<ApiToken> tokens(JsonNode node, String path, String valueKey, Values v) {
        if (API_KEY.equals(valueKey)) {
            return apiKeys(node, path, v);
        }
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<ApiToken> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.index(path, i);
            if (Values.absent(items.get(i))) {
                v.problems.add(itemPath, "expected a mapping with name and " + valueKey + ", got nothing");
                continue;
            }
            ObjectNode item = v.mapping(items.get(i), itemPath, List.of("name", valueKey));
            if (item == null) {
                continue;
            }
            String name = uniqueName(item, itemPath, seen, v);
            String value = v.required(item, valueKey, Problems.child(itemPath, valueKey), true);
            if (name != null && value != null) {
                out.add(new ApiToken(name, Secret.of(value)));
            }
        }
        return out;
    }

    /**
     * {@code http.api_keys}: {@code [{name, key | key_sha256, status: active|inactive}, ...]}. Names
     * unique; exactly one of {@code key} (hashed here, the plain key is not kept) and {@code key_sha256}
     * (64 hex digits); {@code status} defaults to active.
     */
    static List<ApiToken> apiKeys(JsonNode node, String path, Values v) {
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<ApiToken> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.index(path, i);
            if (Values.absent(items.get(i))) {
                v.problems.add(itemPath, "expected a mapping with name and key, got nothing");
                continue;
            }
            ObjectNode item = v.mapping(items.get(i), itemPath, API_KEY_KEYS);
            if (item == null) {
                continue;
            }
            String name = uniqueName(item, itemPath, seen, v);
            String status = v.choice(item.get("status"), Problems.child(itemPath, "status"),
                    List.of("active", "inactive"), "active");
            String digest = keyDigest(item, itemPath, v);
            if (name != null && digest != null && status != null) {
                out.add(ApiToken.hashed(name, digest, status.equals("active")));
            }
        }
        return out;
    }

    /** The SHA-256 hex of {@code key}, or {@code key_sha256} itself; null after reporting. */
    private static String keyDigest(ObjectNode item, String itemPath, Values v) {
        JsonNode sha = item.get(KEY_SHA256);
        String shaPath = Problems.child(itemPath, KEY_SHA256);
        if (Values.absent(sha)) {
            String key = v.required(item, API_KEY, Problems.child(itemPath, API_KEY), true);
            return key == null ? null : ApiToken.sha256Hex(key);
        }
        if (!Values.absent(item.get(API_KEY))) {
            v.problems.add(itemPath, "give key or key_sha256, not both");
            return null;
        }
        String hex = v.text(sha, shaPath, true);
        if (hex == null) {
            return null;
        }
        if (!ApiToken.isSha256Hex(hex.trim())) {
            v.problems.add(shaPath, "expected 64 hex digits (the SHA-256 of the key)");
            return null;
        }
        return hex.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code http.tls}: absent = plain HTTP. Files must exist and be readable at load time. */
    static TlsConfig tls(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode tls = v.mapping(node, path, TLS_KEYS);
        if (tls == null) {
            return null;
        }
        Path cert = file(tls.get("cert_file"), Problems.child(path, "cert_file"), v);
        Path key = file(tls.get("key_file"), Problems.child(path, "key_file"), v);
        Path store = file(tls.get("keystore_file"), Problems.child(path, "keystore_file"), v);
        JsonNode pwNode = tls.get("keystore_password");
        String pw = Values.absent(pwNode) ? null : v.text(pwNode, Problems.child(path, "keystore_password"), true);
        Duration reload = v.duration(tls.get("reload_interval"), Problems.child(path, "reload_interval"),
                TLS_RELOAD_INTERVAL);
        if (v.problems.size() > before) {
            return null;
        }
        boolean pem = cert != null || key != null;
        if (pem && store != null) {
            v.problems.add(path, "give cert_file and key_file, or keystore_file, not both");
        } else if (pem && (cert == null || key == null)) {
            v.problems.add(Problems.child(path, cert == null ? "cert_file" : "key_file"), "required with "
                    + (cert == null ? "key_file" : "cert_file"));
        } else if (!pem && store == null) {
            v.problems.add(path, "give cert_file and key_file, or keystore_file");
        } else if (store != null && pw == null) {
            v.problems.add(Problems.child(path, "keystore_password"), "required with keystore_file");
        } else if (pem && pw != null) {
            v.problems.add(Problems.child(path, "keystore_password"), "only used with keystore_file");
        }
        if (v.problems.size() > before) {
            return null;
        }
        return new TlsConfig(cert, key, store, pw == null ? null : Secret.of(pw), reload);
    }

    private static Path file(JsonNode n, String path, Values v) {
        if (Values.absent(n)) {
            return null;
        }
        String s = v.text(n, path, false);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            v.problems.add(path, "must not be empty");
            return null;
        }
        Path p = Path.of(s);
        if (!java.nio.file.Files.isRegularFile(p)) {
            v.problems.add(path, "file not found: " + Problems.quote(s));
            return null;
        }
        if (!java.nio.file.Files.isReadable(p)) {
            v.problems.add(path, "permission denied: " + Problems.quote(s));
            return null;
        }
        return p;
    }

    /** {@code http.limits}: every key optional. */
    static HttpLimits limits(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode m = v.mapping(node, path, LIMIT_KEYS);
        if (m == null) {
            return v.problems.size() > before ? null : HttpLimits.DEFAULT;
        }
        HttpLimits d = HttpLimits.DEFAULT;
        Integer workers = v.integer(m.get("workers"), Problems.child(path, "workers"), d.workers(), 1, 256,
                "must be between 1 and 256");
        Integer queue = v.integer(m.get("queue"), Problems.child(path, "queue"), d.queue(), 0, 10_000,
                "must be between 0 and 10000");
        Integer body = bytes(m, "max_body", path, (int) d.maxBody(), v);
        Integer intake = bytes(m, "max_body_intake", path, (int) d.maxBodyIntake(), v);
        Integer api = bytes(m, "max_body_api", path, (int) d.maxBodyApi(), v);
        Integer connections = v.integer(m.get("max_connections"), Problems.child(path, "max_connections"),
                d.maxConnections(), 1, 100_000, "must be between 1 and 100000");
        Integer perClient = v.integer(m.get("max_connections_per_client"),
                Problems.child(path, "max_connections_per_client"), d.maxConnectionsPerClient(), 1, 100_000,
                "must be between 1 and 100000");
        if (v.problems.size() > before) {
            return null;
        }
        return new HttpLimits(workers, queue, body, intake, api, connections, perClient);
    }

    private static Integer bytes(ObjectNode m, String key, String path, int dflt, Values v) {
        return v.integer(m.get(key), Problems.child(path, key), dflt, 0, MAX_BODY,
                "must be between 0 and " + MAX_BODY + " bytes");
    }

    /** The required {@code name} of a list item, null when missing or already used ({@code seen}: name to path). */
    private static String uniqueName(ObjectNode item, String itemPath, Map<String, String> seen, Values v) {
        String namePath = Problems.child(itemPath, "name");
        String name = v.required(item, "name", namePath, false);
        if (name != null && seen.containsKey(name)) {
            v.problems.add(namePath, "duplicate name " + Problems.quote(name) + " (also " + seen.get(name) + ")");
            return null;
        }
        if (name != null) {
            seen.put(name, namePath);
        }
        return name;
    }
}
