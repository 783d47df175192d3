package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed reads from the YAML tree, every problem reported under its YAML path. In the tree every
 * scalar is a text node holding the text as written (see {@link YamlTree}); {@code ${ENV}} is
 * expanded here. Methods return null after reporting a problem; messages never show a secret.
 */
final class Values {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    /** Names of PBXes and probes: they become label values and /status keys. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    final Problems problems;
    final Map<String, String> env;

    Values(Problems problems, Map<String, String> env) {
        this.problems = problems;
        this.env = env;
    }

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** What a node is, for "got ..." in messages; a secret scalar is only "a string". */
    static String describe(JsonNode n, boolean secret) {
        if (absent(n)) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return secret ? "a string" : Problems.quote(n.asText());
    }

    /** The mapping at {@code path} after reporting its unknown keys; null if absent or not a mapping. */
    ObjectNode mapping(JsonNode n, String path, List<String> allowedKeys) {
        if (absent(n)) {
            return null;
        }
        if (!n.isObject()) {
            problems.add(path, "expected a mapping, got " + describe(n, false));
            return null;
        }
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (!allowedKeys.contains(key)) {
                problems.add(Problems.child(path, key),
                        "unknown key (allowed: " + String.join(", ", allowedKeys) + ")");
            }
        }
        return (ObjectNode) n;
    }

    /** The list at {@code path}; an empty list if absent, null if not a list. */
    List<JsonNode> list(JsonNode n, String path) {
        if (absent(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            problems.add(path, "expected a list, got " + describe(n, false));
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    /** A present scalar, expanded; null on error. Empty strings are returned as they are. */
    String text(JsonNode n, String path, boolean secret) {
        if (!n.isValueNode()) {
            problems.add(path, "expected a string, got " + describe(n, secret));
            return null;
        }
        return EnvSubst.expand(n.asText(), env, path, problems);
    }

    /** A required, non-empty string: "required" if absent, "must not be empty" if empty. */
    /**
     * The required {@code name} of a list element: letters, digits, {@code _ . -}, and unique among
     * the names already seen ({@code names}: name to the path of its element, updated here).
     */
    String uniqueName(ObjectNode parent, String path, java.util.Map<String, String> names) {
        String namePath = Problems.child(path, "name");
        String name = required(parent, "name", namePath, false);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(namePath, "invalid name " + Problems.quote(name) + " (allowed characters: A-Z a-z 0-9 _ . -)");
        } else if (name != null && names.containsKey(name)) {
            problems.add(namePath, "duplicate name " + Problems.quote(name) + " (also " + names.get(name) + ")");
        } else if (name != null) {
            names.put(name, path);
        }
        return name;
    }

    String required(ObjectNode parent, String key, String path, boolean secret) {
        JsonNode n = parent.get(key);
        if (absent(n)) {
            problems.add(path, "required");
            return null;
        }
        String s = text(n, path, secret);
        if (s != null && s.isEmpty()) {
            problems.add(path, "must not be empty");
            return null;
        }
        return s;
    }

    /** An optional string: {@code dflt} if absent. */
    String optional(JsonNode n, String path, String dflt) {
        return absent(n) ? dflt : text(n, path, false);
    }

    /** An integer within [min, max], {@code dflt} if absent; {@code rangeMessage} if out of range. */
    Integer integer(JsonNode n, String path, int dflt, long min, long max, String rangeMessage) {
        if (absent(n)) {
            return dflt;
        }
        if (!n.isValueNode()) {
            problems.add(path, "expected an integer, got " + describe(n, false));
            return null;
        }
        String s = EnvSubst.expand(n.asText(), env, path, problems);
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (!INTEGER.matcher(t).matches()) {
            problems.add(path, "expected an integer, got " + Problems.quote(s));
            return null;
        }
        BigInteger v = new BigInteger(t);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(path, rangeMessage);
            return null;
        }
        return v.intValueExact();
    }

    /** A duration greater than 0 and at most {@link Durations#MAX}, {@code dflt} if absent. */
    Duration duration(JsonNode n, String path, Duration dflt) {
        if (absent(n)) {
            return dflt;
        }
        if (!n.isValueNode()) {
            problems.add(path, "expected a duration, got " + describe(n, false));
            return null;
        }
        String s = EnvSubst.expand(n.asText(), env, path, problems);
        if (s == null) {
            return null;
        }
        Duration d = Durations.parse(s);
        if (d == null) {
            problems.add(path, "invalid duration " + Problems.quote(s) + " (use e.g. 250ms, 10s, 5m)");
            return null;
        }
        if (d.isZero() || d.isNegative()) {
            problems.add(path, "must be greater than 0");
            return null;
        }
        if (d.compareTo(Durations.MAX) > 0) {
            problems.add(path, "must be at most " + Durations.format(Durations.MAX));
            return null;
        }
        return d;
    }

    /** {@code on}/{@code off} (also true/false, yes/no), {@code dflt} if absent. */
    Boolean onOff(JsonNode n, String path, boolean dflt) {
        if (absent(n)) {
            return dflt;
        }
        String s = text(n, path, false);
        if (s == null) {
            return null;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes":
                return true;
            case "off", "false", "no":
                return false;
            default:
                problems.add(path, "expected on or off, got " + Problems.quote(s));
                return null;
        }
    }

    /** One of {@code allowed} (case-insensitive, returned lower-case), {@code dflt} if absent. */
    String choice(JsonNode n, String path, List<String> allowed, String dflt) {
        if (absent(n)) {
            return dflt;
        }
        String s = text(n, path, false);
        if (s == null) {
            return null;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            problems.add(path, "unknown value " + Problems.quote(s) + " (allowed: " + String.join(", ", allowed) + ")");
            return null;
        }
        return v;
    }

    /** A list of non-empty strings, empty if absent; null if any item is wrong. */
    List<String> stringList(JsonNode n, String path) {
        List<JsonNode> items = list(n, path);
        if (items == null) {
            return null;
        }
        int before = problems.size();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.index(path, i);
            JsonNode item = items.get(i);
            if (absent(item)) {
                problems.add(itemPath, "must not be empty");
                continue;
            }
            String s = text(item, itemPath, false);
            if (s != null && s.isEmpty()) {
                problems.add(itemPath, "must not be empty");
            } else if (s != null) {
                out.add(s);
            }
        }
        return problems.size() > before ? null : out;
    }
}
