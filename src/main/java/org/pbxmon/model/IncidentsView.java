package org.pbxmon.model;

import java.util.List;
import java.util.Map;

/**
 * What the incident engine publishes for exporters: open incidents, object statuses, the store and
 * the callbacks. {@link #DISABLED} while incidents are off.
 *
 * @param store          "H2 file ..." or the JDBC URL without credentials
 * @param storeUp        the last write or read of the store succeeded
 * @param storeErrors    store operations that failed, since start
 * @param pendingWrites  changes kept in memory until the store takes them
 * @param droppedWrites  changes that did not fit in memory (repaired by a reconcile when the store returns)
 * @param open           open incidents, worst first
 * @param objects        every known object's final status
 * @param callbacks      per callback receiver
 * @param alertsReceived Alertmanager alerts received, by status (firing, resolved)
 * @param alertsRejected Alertmanager notifications refused, by reason
 */
public record IncidentsView(boolean enabled, String store, boolean storeUp, long storeErrors, int pendingWrites,
        long droppedWrites, List<OpenIncident> open, List<ObjectLine> objects, List<CallbackLine> callbacks,
        Map<String, Long> alertsReceived, Map<String, Long> alertsRejected, long updatedEpochMs) {
    public static final IncidentsView DISABLED = new IncidentsView(false, "", false, 0, 0, 0, List.of(), List.of(),
            List.of(), Map.of(), Map.of(), 0);

    public IncidentsView {
        open = List.copyOf(open);
        objects = List.copyOf(objects);
        callbacks = List.copyOf(callbacks);
        alertsReceived = Map.copyOf(alertsReceived);
        alertsRejected = Map.copyOf(alertsRejected);
    }

    /** Equal in everything but {@link #updatedEpochMs()}: republishing it would change nothing. */
    public boolean sameAs(IncidentsView o) {
        return o != null && enabled == o.enabled && store.equals(o.store) && storeUp == o.storeUp
                && storeErrors == o.storeErrors && pendingWrites == o.pendingWrites && droppedWrites == o.droppedWrites
                && open.equals(o.open) && objects.equals(o.objects) && callbacks.equals(o.callbacks)
                && alertsReceived.equals(o.alertsReceived) && alertsRejected.equals(o.alertsRejected);
    }

    /** Open incidents of {@code severity} (warning or critical). */
    public long openCount(String severity) {
        return open.stream().filter(i -> i.severity().equals(severity)).count();
    }

    /** One open incident. */
    /** An open incident; {@code pbx} is the PBX its object belongs to, "" for probes and agent-wide alerts. */
    public record OpenIncident(String key, String object, String kind, String pbx, String origin, String rule,
            String severity, String summary, long openedEpochMs) {
    }

    /** One object's status: operational, warning or critical. */
    public record ObjectLine(String id, String kind, String pbx, String name, String status, long modifiedEpochMs) {
    }

    /**
     * One callback receiver.
     *
     * @param failures      failed attempts by reason (timeout, connect, http_4xx, http_5xx, ...)
     * @param oldestAgeSeconds age of its oldest pending delivery, null when none is pending
     */
    public record CallbackLine(String name, boolean active, long sent, Map<String, Long> failures, long pending,
            Double oldestAgeSeconds, long deadLetters, String lastError) {
        public CallbackLine {
            failures = Map.copyOf(failures);
        }
    }
}
