package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds the {@code http} section. */
final class HttpBinder {
    static final List<String> KEYS = List.of("listen", "realm", "users", "tokens", "api_keys", "auth", "tls", "limits");
    static final List<String> USER_KEYS = List.of("username", "password", "password_ha1");
    static final List<String> HA1_KEYS = List.of("md5", "sha256");
    private static final String LISTEN_HINT = " (expected host:port, e.g. 0.0.0.0:10089 or [::1]:10089)";

    private HttpBinder() {
    }

    /** Host and port of {@code http.listen}. */
    record Listen(String host, int port) {}

    /** The http config (defaults if absent), or null after reporting problems. */
    static HttpConfig bind(JsonNode node, Values v) {
        String path = "http";
        int before = v.problems.size();
        ObjectNode http = v.mapping(node, path, KEYS);
        if (http == null) {
            return v.problems.size() > before ? null
                    : new HttpConfig(Defaults.LISTEN_HOST, Defaults.LISTEN_PORT, List.of(), AuthTable.defaults());
        }
        String listenPath = Problems.child(path, "listen");
        String listenText = v.optional(http.get("listen"), listenPath,
                Defaults.LISTEN_HOST + ":" + Defaults.LISTEN_PORT);
        Listen listen = listenText == null ? null : parseListen(listenText, listenPath, v.problems);
        String realm = v.optional(http.get("realm"), Problems.child(path, "realm"), HttpConfig.DEFAULT_REALM);
        if (realm != null && (realm.isEmpty() || realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0)) {
            v.problems.add(Problems.child(path, "realm"), "must be non-empty, without '\"' or '\\'");
        }
        List<UserCredential> users = users(http.get("users"), Problems.child(path, "users"), v);
        List<ApiToken> tokens = HttpExtrasBinder.tokens(http.get("tokens"), Problems.child(path, "tokens"), "token", v);
        List<ApiToken> apiKeys = HttpExtrasBinder.tokens(http.get("api_keys"), Problems.child(path, "api_keys"), "key", v);
        Map<String, List<String>> auth = auth(http.get("auth"), Problems.child(path, "auth"), v);
        TlsConfig tls = HttpExtrasBinder.tls(http.get("tls"), Problems.child(path, "tls"), v);
        HttpLimits limits = HttpExtrasBinder.limits(http.get("limits"), Problems.child(path, "limits"), v);
        if (v.problems.size() > before) {
            return null;
        }
        return new HttpConfig(listen.host(), listen.port(), users, auth, realm, tokens, apiKeys, tls, limits);
    }

    /** {@code host:port} or {@code [ipv6]:port}; port 0..65535 (0 = any free port). */
    static Listen parseListen(String text, String path, Problems problems) {
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                problems.add(path, "invalid address " + Problems.quote(text) + LISTEN_HINT);
                return null;
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                problems.add(path, "invalid address " + Problems.quote(text) + LISTEN_HINT);
                return null;
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                problems.add(path, "IPv6 addresses must be in brackets, e.g. [::1]:10089");
                return null;
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']')) {
            problems.add(path, "invalid address " + Problems.quote(text) + LISTEN_HINT);
            return null;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            problems.add(path, "port must be between 0 and 65535, got " + Problems.quote(port));
            return null;
        }
        return new Listen(host, Integer.parseInt(port));
    }

    private static List<UserCredential> users(JsonNode node, String path, Values v) {
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<UserCredential> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.index(path, i);
            JsonNode item = items.get(i);
            if (Values.absent(item)) {
                v.problems.add(itemPath, "expected a mapping with username and password, got nothing");
                continue;
            }
            ObjectNode user = v.mapping(item, itemPath, USER_KEYS);
            if (user == null) {
                continue;
            }
            String namePath = Problems.child(itemPath, "username");
            String name = v.required(user, "username", namePath, false);
            if (name != null && name.indexOf(':') >= 0) {
                v.problems.add(namePath, "must not contain ':'");
                name = null;
            } else if (name != null && seen.containsKey(name)) {
                v.problems.add(namePath, "duplicate username " + Problems.quote(name) + " (also " + seen.get(name) + ")");
                name = null;
            } else if (name != null) {
                seen.put(name, namePath);
            }
            JsonNode ha1Node = user.get("password_ha1");
            if (!Values.absent(ha1Node) && !Values.absent(user.get("password"))) {
                v.problems.add(Problems.child(itemPath, "password_ha1"), "give password or password_ha1, not both");
                continue;
            }
            if (!Values.absent(ha1Node)) {
                Secret[] ha1 = ha1(ha1Node, Problems.child(itemPath, "password_ha1"), v);
                if (name != null && ha1 != null) {
                    out.add(new UserCredential(name, null, ha1[0], ha1[1]));
                }
                continue;
            }
            String password = v.required(user, "password", Problems.child(itemPath, "password"), true);
            if (name != null && password != null) {
                out.add(new UserCredential(name, Secret.of(password)));
            }
        }
        return out;
    }

    /** {@code password_ha1: {md5: <32 hex>, sha256: <64 hex>}}, at least one; null after reporting. */
    private static Secret[] ha1(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode m = v.mapping(node, path, HA1_KEYS);
        if (m == null) {
            if (v.problems.size() == before) {
                v.problems.add(path, "expected a mapping with md5 and/or sha256");
            }
            return null;
        }
        Secret[] out = new Secret[2];
        int[] lengths = {32, 64};
        for (int i = 0; i < 2; i++) {
            String key = HA1_KEYS.get(i);
            JsonNode n = m.get(key);
            if (Values.absent(n)) {
                continue;
            }
            String s = v.text(n, Problems.child(path, key), true);
            if (s == null) {
                continue;
            }
            String hex = s.trim().toLowerCase(Locale.ROOT);
            if (hex.length() != lengths[i] || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                v.problems.add(Problems.child(path, key), "expected " + lengths[i] + " hex digits");
            } else {
                out[i] = Secret.of(hex);
            }
        }
        if (v.problems.size() == before && out[0] == null && out[1] == null) {
            v.problems.add(path, "give md5 and/or sha256");
        }
        return v.problems.size() > before ? null : out;
    }

    /** {@code http.auth}: each known group maps to one scheme or a list of schemes. */
    private static Map<String, List<String>> auth(JsonNode node, String path, Values v) {
        Map<String, List<String>> out = AuthTable.defaults();
        ObjectNode auth = v.mapping(node, path, AuthTable.groupNames());
        if (auth == null) {
            return out;
        }
        for (AuthTable.Group group : AuthTable.GROUPS) {
            JsonNode n = auth.get(group.name());
            if (Values.absent(n)) {
                continue;
            }
            String groupPath = Problems.child(path, group.name());
            List<String> schemes = schemes(n, groupPath, group, v);
            if (schemes != null) {
                out.put(group.name(), schemes);
            }
        }
        return new LinkedHashMap<>(out);
    }

    private static List<String> schemes(JsonNode n, String path, AuthTable.Group group, Values v) {
        int before = v.problems.size();
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            if (n.isEmpty()) {
                v.problems.add(path, "must not be empty (use none for open access)");
                return null;
            }
            for (int i = 0; i < n.size(); i++) {
                scheme(n.get(i), Problems.index(path, i), group, v, out);
            }
        } else {
            scheme(n, path, group, v, out);
        }
        if (v.problems.size() > before) {
            return null;
        }
        if (out.size() > 1 && out.contains(AuthTable.NONE)) {
            v.problems.add(path, "\"none\" cannot be combined with other schemes");
            return null;
        }
        return out;
    }

    private static void scheme(JsonNode n, String path, AuthTable.Group group, Values v, List<String> out) {
        if (Values.absent(n)) {
            v.problems.add(path, "must not be empty");
            return;
        }
        String s = v.text(n, path, false);
        if (s == null) {
            return;
        }
        String scheme = s.trim().toLowerCase(Locale.ROOT);
        if (!group.allowed().contains(scheme)) {
            v.problems.add(path, "unknown scheme " + Problems.quote(s)
                    + " (allowed: " + String.join(", ", group.allowed()) + ")");
        } else if (!out.contains(scheme)) {
            out.add(scheme);
        }
    }
}
