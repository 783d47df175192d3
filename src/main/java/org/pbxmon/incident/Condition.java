package org.pbxmon.incident;

import java.util.Map;

/**
 * A rule's condition holding now on one object (before its {@code for:} debounce).
 *
 * @param labels facts for the payload, e.g. {@code threshold}, {@code value}
 */
record Condition(String rule, ObjectRef object, Severity severity, String summary, Map<String, String> labels) {
    Condition {
        labels = Map.copyOf(labels);
    }

    String key() {
        return key(rule, object);
    }

    static String key(String rule, ObjectRef object) {
        return "rule:" + rule + ":" + object.id();
    }
}
