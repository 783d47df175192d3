package org.pbxmon.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE table of HTTP endpoint groups: which authentication schemes each group accepts and its default.
 * To add a scheme or a group, edit {@link #GROUPS} only; loader, validation, error messages, the
 * startup credential check and {@link HttpConfig#schemesFor(String)} all follow it.
 *
 * <p>Secure by default: every group but {@code metrics} requires credentials unless the config says
 * {@code none} where the group allows it ({@code /-/healthy} is outside every group and always open).
 */
public final class AuthTable {
    public static final String NONE = "none";
    public static final String BASIC = "basic";
    public static final String DIGEST = "digest";
    public static final String BEARER = "bearer";
    public static final String API_KEY = "api_key";

    /** One endpoint group: its YAML key under {@code http.auth}, the schemes allowed, its default. */
    record Group(String name, List<String> allowed, List<String> defaults) {}

    /** Order = order in error messages and in {@link HttpConfig#auth()}. */
    static final List<Group> GROUPS = List.of(
            new Group("metrics", List.of(NONE, BASIC, BEARER), List.of(NONE)),
            new Group("status", List.of(BASIC, DIGEST), List.of(BASIC, DIGEST)),
            new Group("health", List.of(NONE, BASIC, DIGEST), List.of(BASIC, DIGEST)),
            new Group("zabbix", List.of(BASIC, DIGEST), List.of(BASIC, DIGEST)),
            new Group("monitor", List.of(BASIC, DIGEST), List.of(BASIC, DIGEST)),
            new Group("intake", List.of(BASIC, BEARER), List.of(BASIC, BEARER)),
            new Group("api", List.of(API_KEY, BASIC), List.of(API_KEY, BASIC)),
            new Group("panel", List.of(BASIC, DIGEST), List.of(BASIC, DIGEST)));

    private AuthTable() {
    }

    /** The group named {@code name}, or null. */
    static Group find(String name) {
        for (Group g : GROUPS) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    static List<String> groupNames() {
        return GROUPS.stream().map(Group::name).toList();
    }

    /** The default scheme list of every group, in table order. */
    static Map<String, List<String>> defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Group g : GROUPS) {
            m.put(g.name(), g.defaults());
        }
        return m;
    }

    /** The {@code http} key holding the credentials a scheme checks against, or null for {@code none}. */
    static String credentialKey(String scheme) {
        return switch (scheme) {
            case BASIC, DIGEST -> "users";
            case BEARER -> "tokens";
            case API_KEY -> "api_keys";
            default -> null;
        };
    }
}
