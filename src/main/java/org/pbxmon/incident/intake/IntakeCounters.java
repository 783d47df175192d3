package org.pbxmon.incident.intake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.pbxmon.incident.Alert;

/**
 * What the Alertmanager intake has counted since start, for the exporters: alerts received by status
 * ({@code pbxmon_alertmanager_alerts_received_total{status}}) and notifications refused by reason.
 * Thread-safe; every key is present from the start (at 0), so a series exists before its first event.
 */
public final class IntakeCounters {
    /** The statuses of {@link #received()}. */
    public static final List<String> STATUSES = List.of(Alert.FIRING, Alert.RESOLVED);

    /** A method other than POST (405). */
    public static final String METHOD = "method";
    /** A Content-Type that is not JSON (415). */
    public static final String CONTENT_TYPE = "content_type";
    /** Incidents are disabled (503). */
    public static final String DISABLED = "disabled";
    /** The sink was busy: store down and queue full (503, the sender retries). */
    public static final String BUSY = "busy";
    /** The sink failed unexpectedly (500). */
    public static final String ERROR = "error";

    /**
     * The reasons of {@link #rejected()}: {@link #METHOD}, {@link #CONTENT_TYPE}, the
     * {@link AlertmanagerPayload.Malformed.Kind} labels ({@code syntax}, {@code invalid}, {@code limit},
     * all 400), {@link #DISABLED}, {@link #BUSY}, {@link #ERROR}.
     */
    public static final List<String> REASONS = List.of(METHOD, CONTENT_TYPE,
            AlertmanagerPayload.Malformed.Kind.SYNTAX.label(), AlertmanagerPayload.Malformed.Kind.INVALID.label(),
            AlertmanagerPayload.Malformed.Kind.LIMIT.label(), DISABLED, BUSY, ERROR);

    private final Map<String, LongAdder> received = adders(STATUSES);
    private final Map<String, LongAdder> rejected = adders(REASONS);

    private static Map<String, LongAdder> adders(List<String> keys) {
        Map<String, LongAdder> m = new LinkedHashMap<>();
        keys.forEach(k -> m.put(k, new LongAdder()));
        return Collections.unmodifiableMap(m);
    }

    /** Counts the alerts of a notification the sink accepted, by their status. */
    public void received(AlertmanagerPayload payload) {
        for (String status : STATUSES) {
            long n = payload.count(status);
            if (n > 0) {
                received.get(status).add(n);
            }
        }
    }

    /** Counts one refused notification; {@code reason} is one of {@link #REASONS}. */
    public void rejected(String reason) {
        LongAdder a = rejected.get(reason);
        if (a == null) {
            throw new IllegalArgumentException("unknown reason: " + reason);
        }
        a.increment();
    }

    /** Alerts received in accepted notifications, by status ({@code firing}, {@code resolved}), in that order. */
    public Map<String, Long> received() {
        return snapshot(received);
    }

    /** Notifications refused, by reason (every one of {@link #REASONS}, in that order). */
    public Map<String, Long> rejected() {
        return snapshot(rejected);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return Collections.unmodifiableMap(out);
    }
}
