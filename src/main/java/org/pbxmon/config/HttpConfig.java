package org.pbxmon.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded HTTP server.
 *
 * @param host    address to bind, e.g. {@code 0.0.0.0} or {@code ::1} (no brackets)
 * @param port    TCP port (0 = any free port)
 * @param users   users accepted by the {@code basic} and {@code digest} schemes
 * @param auth    endpoint group to its lower-case scheme list; every known group is present
 *                (missing ones get their defaults); {@code ["none"]} means open
 * @param realm   the Basic/Digest realm (Digest HA1 values are computed with it)
 * @param tokens  bearer tokens accepted by the {@code bearer} scheme
 * @param apiKeys keys accepted by the {@code api_key} scheme ({@code X-API-Key} header)
 * @param tls     HTTPS settings, or null for plain HTTP
 * @param limits  request limits and worker pool
 */
public record HttpConfig(String host, int port, List<UserCredential> users, Map<String, List<String>> auth,
        String realm, List<ApiToken> tokens, List<ApiToken> apiKeys, TlsConfig tls, HttpLimits limits) {
    public static final String DEFAULT_REALM = "pbxmon";

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(limits, "limits");
        users = List.copyOf(users);
        tokens = List.copyOf(tokens);
        apiKeys = List.copyOf(apiKeys);
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : auth.entrySet()) {
            List<String> schemes = new ArrayList<>();
            for (String s : e.getValue()) {
                schemes.add(s.toLowerCase(Locale.ROOT));
            }
            given.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(schemes));
        }
        Map<String, List<String>> normalized = new LinkedHashMap<>();
        AuthTable.defaults().forEach((group, dflt) -> normalized.put(group, given.getOrDefault(group, dflt)));
        normalized.putAll(given);
        auth = Collections.unmodifiableMap(normalized);
    }

    /** Plain HTTP with users only: realm {@value #DEFAULT_REALM}, no tokens, no API keys, default limits. */
    public HttpConfig(String host, int port, List<UserCredential> users, Map<String, List<String>> auth) {
        this(host, port, users, auth, DEFAULT_REALM, List.of(), List.of(), null, HttpLimits.DEFAULT);
    }

    /** The same config listening elsewhere (for {@code --listen}). */
    public HttpConfig withListen(String newHost, int newPort) {
        return new HttpConfig(newHost, newPort, users, auth, realm, tokens, apiKeys, tls, limits);
    }

    /**
     * The schemes accepted for an endpoint group, lower-case; {@code ["none"]} means open.
     *
     * @throws IllegalArgumentException if the group is neither configured nor known
     */
    public List<String> schemesFor(String group) {
        List<String> s = auth.get(group.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("unknown endpoint group: " + group);
        }
        return s;
    }

    /**
     * Groups that require credentials while none of the credentials their schemes check are
     * configured, e.g. {@code http.auth.status: requires credentials but http.users is empty}. The
     * agent refuses to start with any (except {@code --demo}, which has its own user).
     */
    public List<String> credentialProblems() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : auth.entrySet()) {
            if (e.getValue().contains(AuthTable.NONE)) {
                continue;
            }
            List<String> empty = new ArrayList<>();
            boolean usable = false;
            for (String scheme : e.getValue()) {
                String key = AuthTable.credentialKey(scheme);
                boolean has = switch (key == null ? "" : key) {
                    case "users" -> !users.isEmpty();
                    case "tokens" -> !tokens.isEmpty();
                    case "api_keys" -> !apiKeys.isEmpty();
                    default -> false;
                };
                usable |= has;
                if (!has && key != null && !empty.contains("http." + key)) {
                    empty.add("http." + key);
                }
            }
            if (!usable) {
                out.add("http.auth." + e.getKey() + ": requires credentials but " + String.join(" and ", empty)
                        + (empty.size() > 1 ? " are" : " is") + " empty");
            }
        }
        return out;
    }
}
