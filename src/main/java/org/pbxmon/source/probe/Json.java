package org.pbxmon.source.probe;

import com.fasterxml.jackson.databind.JsonNode;

/** Small pure helpers over Jackson trees. */
final class Json {
    private Json() {
    }

    /** The node at a dotted path ("" = root; numeric parts index arrays), or null when absent. */
    static JsonNode at(JsonNode root, String path) {
        if (root == null) {
            return null;
        }
        if (path.isEmpty()) {
            return root;
        }
        JsonNode n = root;
        for (String part : path.split("\\.", -1)) {
            if (n == null) {
                return null;
            }
            if (n.isArray() && part.matches("[0-9]{1,9}")) {
                n = n.get(Integer.parseInt(part));
            } else if (n.isObject()) {
                n = n.get(part);
            } else {
                return null;
            }
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    /** A number from a number, a boolean (1/0) or a numeric string; null for anything else. */
    static Double number(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? 1.0 : 0.0;
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            if (s.equalsIgnoreCase("true")) {
                return 1.0;
            }
            if (s.equalsIgnoreCase("false")) {
                return 0.0;
            }
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) && !s.isEmpty() && !Character.isLetter(s.charAt(s.length() - 1)) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** What a node is, for messages: a short quoted scalar, "an object", "an array", "null". */
    static String describe(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        String s = n.asText();
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
