package org.pbxmon.incident;

import java.util.Map;
import java.util.Objects;

/**
 * One incident: a built-in rule firing on an object, or an Alertmanager alert.
 *
 * @param key       unique: {@code rule:<rule>:<object id>} or {@code am:<fingerprint>}
 * @param object    the object it affects
 * @param origin    {@link #RULE} or {@link #ALERTMANAGER}
 * @param rule      the rule name, or the alert's {@code alertname}
 * @param severity  warning or critical (never operational)
 * @param summary   one line for people, e.g. "registration of trunk carrier is Rejected"
 * @param openedMs  when it opened (for alerts: startsAt)
 * @param updatedMs when its severity or summary last changed
 * @param closedMs  when it closed, or null while open
 * @param labels    the alert's labels, or the rule's facts (e.g. {@code threshold}); never secrets
 */
public record Incident(String key, ObjectRef object, String origin, String rule, Severity severity, String summary,
        long openedMs, long updatedMs, Long closedMs, Map<String, String> labels) {
    public static final String RULE = "rule";
    public static final String ALERTMANAGER = "alertmanager";

    public Incident {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        labels = Map.copyOf(labels);
    }

    public boolean open() {
        return closedMs == null;
    }

    public Incident closed(long atMs) {
        return new Incident(key, object, origin, rule, severity, summary, openedMs, atMs, atMs, labels);
    }
}
