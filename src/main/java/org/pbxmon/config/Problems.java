package org.pbxmon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every configuration problem as {@code "<path>: <message>"}; also builds paths and quotes. */
final class Problems {
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_QUOTED = 80;

    private final List<String> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(path + ": " + message);
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<String> list() {
        return List.copyOf(list);
    }

    /** {@code parent.key}, or {@code parent["odd key"]} when the key is not a plain identifier. */
    static String child(String parent, String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[" + quote(key) + "]";
    }

    /** {@code parent[i]}. */
    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** A user value in double quotes, escaped and shortened; never use it for a secret. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
