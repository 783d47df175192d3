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
 * @param host  address to bind, e.g. {@code 0.0.0.0} or {@code ::1} (no brackets)
 * @param port  TCP port (0 = any free port)
 * @param users credentials accepted by protected endpoint groups
 * @param auth  endpoint group to its lower-case scheme list; every known group is present
 *              (missing ones get their defaults); {@code ["none"]} means open
 */
public record HttpConfig(String host, int port, List<UserCredential> users, Map<String, List<String>> auth) {
    public HttpConfig {
        Objects.requireNonNull(host, "host");
        users = List.copyOf(users);
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
}
