package org.pbxmon.incident.intake;

import java.util.List;
import java.util.Objects;
import org.pbxmon.incident.Alert;

/**
 * One Alertmanager webhook notification (payload version 4), parsed and wholly validated: what the
 * intake hands to an {@link org.pbxmon.incident.AlertSink}. {@link #parse(byte[])} either returns a
 * notification whose every alert is valid, or throws {@link Malformed} naming the first problem by
 * its JSON path ({@code alerts[2].startsAt: not an RFC 3339 time}); nothing is ever half-parsed.
 *
 * <p>What is accepted (see {@link PayloadReader} for the details):
 * <ul>
 * <li>the body: UTF-8 JSON (a UTF-8 byte order mark is skipped; UTF-16/32 and invalid UTF-8 are
 * refused), one object, no duplicate keys, nesting at most {@value #MAX_DEPTH} deep;</li>
 * <li>{@code version}: "4", or absent (Alertmanager always sends "4"; a hand-written payload without
 * one is taken as version 4, since every alert is validated anyway; then {@link #version()} is "");
 * any other version is refused;</li>
 * <li>{@code receiver}, {@code groupKey}, {@code externalURL}: strings, "" when absent;
 * {@code status}: firing or resolved, "" when absent; {@code truncatedAlerts}: a non-negative integer,
 * 0 when absent; {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations}: objects of
 * strings when present (checked, not kept); unknown keys are ignored (Grafana adds some);</li>
 * <li>{@code alerts}: an array of at most {@value #MAX_ALERTS} alerts, no two with the same
 * fingerprint; each alert: {@code status} firing or resolved; {@code labels} a non-empty object of
 * strings with an {@code alertname}; {@code annotations} an object of strings (absent or null: none);
 * {@code startsAt} an RFC 3339 time; {@code endsAt} an RFC 3339 time, or Go's zero time
 * {@code 0001-01-01T00:00:00Z}, absent or null (then {@link Alert#endsAt()} is null);
 * {@code generatorURL} a string (optional); {@code fingerprint} 1 to {@value #MAX_FINGERPRINT} hex
 * digits, kept lower-case; when absent or null, derived from the labels exactly as Alertmanager does
 * (FNV-1a 64 of the sorted labels), so a payload without one keys the same incident as the real one;</li>
 * <li>limits: label and annotation names at most {@value #MAX_NAME_BYTES} bytes of UTF-8, label values
 * {@value #MAX_LABEL_VALUE_BYTES}, annotation values {@value #MAX_ANNOTATION_VALUE_BYTES}, at most
 * {@value #MAX_PAIRS} labels or annotations per alert, no NUL and no lone surrogate in any of them.</li>
 * </ul>
 *
 * @param version         "4", or "" when the payload had none
 * @param receiver        the Alertmanager receiver's name
 * @param status          firing or resolved (the group's), or "" when absent
 * @param groupKey        Alertmanager's key of the alert group
 * @param truncatedAlerts alerts Alertmanager left out because of {@code max_alerts}
 * @param externalUrl     the Alertmanager's backlink ({@code externalURL})
 * @param alerts          every alert, in payload order
 */
public record AlertmanagerPayload(String version, String receiver, String status, String groupKey,
        long truncatedAlerts, String externalUrl, List<Alert> alerts) {
    public static final int MAX_ALERTS = 10_000;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_PAIRS = 256;
    public static final int MAX_NAME_BYTES = 1024;
    public static final int MAX_LABEL_VALUE_BYTES = 16 * 1024;
    public static final int MAX_ANNOTATION_VALUE_BYTES = 64 * 1024;
    public static final int MAX_FINGERPRINT = 64;

    public AlertmanagerPayload {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(externalUrl, "externalUrl");
        alerts = List.copyOf(alerts);
    }

    /**
     * Parses and validates a webhook body.
     *
     * @throws Malformed naming the first problem found; nothing is returned in part
     */
    public static AlertmanagerPayload parse(byte[] body) throws Malformed {
        return PayloadReader.read(body);
    }

    /** Alerts of {@code status} (firing or resolved) in this notification. */
    public long count(String alertStatus) {
        return alerts.stream().filter(a -> a.status().equals(alertStatus)).count();
    }

    /**
     * A body that is not a valid version 4 notification. The message is {@code <path>: <problem>}
     * (path {@code body} for the whole body), fit to send back to the client.
     */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        /** Why, coarsely: for counting rejected notifications. */
        public enum Kind {
            /** Not UTF-8 JSON: bad bytes, bad syntax, a duplicate key, trailing data, an empty body. */
            SYNTAX,
            /** JSON, but not a version 4 notification: a wrong type, a missing field, a bad value. */
            INVALID,
            /**
             * Beyond a limit: too many alerts or labels, a name or value too long, nesting too deep, a
             * number too long.
             */
            LIMIT;

            /** The lower-case label for a counter: {@code syntax}, {@code invalid}, {@code limit}. */
            public String label() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        private final Kind kind;
        private final String path;
        private final String problem;

        Malformed(Kind kind, String path, String problem) {
            super(path + ": " + problem, null, false, false);
            this.kind = kind;
            this.path = path;
            this.problem = problem;
        }

        public Kind kind() {
            return kind;
        }

        /** Where: {@code body}, {@code version}, {@code alerts[2].labels.job}, ... */
        public String path() {
            return path;
        }

        /** What is wrong there, e.g. {@code not an RFC 3339 time}. */
        public String problem() {
            return problem;
        }
    }
}
