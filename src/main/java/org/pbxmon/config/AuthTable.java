package org.pbxmon.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE table of HTTP endpoint groups: which authentication schemes each group accepts and its default.
 * To add a scheme or a group, edit {@link #GROUPS} only; loader, validation, error messages and
 * {@link HttpConfig#schemesFor(String)} all follow it.
 */
final class AuthTable {
    static final String NONE = "none";
    static final String BASIC = "basic";

    /** One endpoint group: its YAML key under {@code http.auth}, the schemes allowed, its default. */
    record Group(String name, List<String> allowed, List<String> defaults) {}

    /** Order = order in error messages and in {@link HttpConfig#auth()}. */
    static final List<Group> GROUPS = List.of(
            new Group("metrics", List.of(NONE, BASIC), List.of(NONE)),
            new Group("status", List.of(NONE, BASIC), List.of(BASIC)),
            new Group("health", List.of(NONE, BASIC), List.of(NONE)));

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
}
