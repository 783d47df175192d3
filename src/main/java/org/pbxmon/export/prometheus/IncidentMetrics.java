package org.pbxmon.export.prometheus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.IncidentsView;

/**
 * Incidents, object statuses, the store and the callbacks as metrics ({@code pbxmon_incidents_*},
 * {@code pbxmon_object_status}, {@code pbxmon_callback*}, {@code pbxmon_alertmanager_*}); nothing while
 * incidents are disabled.
 */
final class IncidentMetrics {
    static final List<String> SEVERITIES = List.of("warning", "critical");
    static final List<String> STATUSES = List.of("operational", "warning", "critical");

    private IncidentMetrics() {
    }

    static void render(Families f, IncidentsView v) {
        if (!v.enabled()) {
            return;
        }
        for (String s : SEVERITIES) {
            f.gauge("pbxmon_incidents_open", "Open incidents (built-in rules and Alertmanager alerts), by severity.",
                    v.openCount(s), "severity", s);
        }
        for (IncidentsView.ObjectLine o : v.objects()) {
            for (String s : STATUSES) {
                f.gauge("pbxmon_object_status", "Final status of each monitored object (the worst of its open "
                        + "incidents): 1 for the current status, 0 for the others.", o.status().equals(s) ? 1 : 0,
                        "object", o.id(), "kind", o.kind(), "status", s);
            }
        }
        f.gauge("pbxmon_incident_store_up", "1 if the last operation on the incident store succeeded, else 0.",
                v.storeUp() ? 1 : 0);
        f.counter("pbxmon_incident_store_errors", "Incident store operations that failed.", v.storeErrors());
        f.gauge("pbxmon_incident_pending_writes", "Incident changes waiting in memory for the store.", v.pendingWrites());
        f.counter("pbxmon_incident_dropped_writes", "Incident changes that did not fit in memory while the store was "
                + "down (the store is reconciled with memory when it returns).", v.droppedWrites());
        for (Map.Entry<String, Long> e : new TreeMap<>(v.alertsReceived()).entrySet()) {
            f.counter("pbxmon_alertmanager_alerts_received", "Alerts received from Alertmanager webhooks, by status.",
                    e.getValue(), "status", e.getKey());
        }
        for (Map.Entry<String, Long> e : new TreeMap<>(v.alertsRejected()).entrySet()) {
            f.counter("pbxmon_alertmanager_notifications_rejected", "Alertmanager webhook notifications refused, by "
                    + "reason (syntax, invalid, limit, method, content_type, disabled, busy, error).", e.getValue(),
                    "reason", e.getKey());
        }
        for (IncidentsView.CallbackLine c : v.callbacks()) {
            String n = c.name();
            f.counter("pbxmon_callbacks_sent", "Callback deliveries the receiver accepted (2xx).", c.sent(), "callback", n);
            for (Map.Entry<String, Long> e : new TreeMap<>(c.failures()).entrySet()) {
                f.counter("pbxmon_callback_failures", "Failed callback delivery attempts, by reason.", e.getValue(),
                        "callback", n, "reason", e.getKey());
            }
            f.gauge("pbxmon_callback_outbox_pending", "Callback deliveries waiting (new or to be retried).", c.pending(),
                    "callback", n);
            if (c.oldestAgeSeconds() != null) {
                f.gauge("pbxmon_callback_outbox_oldest_age_seconds", "Age of the oldest waiting delivery; absent when "
                        + "none waits.", c.oldestAgeSeconds(), "callback", n);
            }
            f.gauge("pbxmon_callback_dead_letters", "Deliveries given up on (expired, or refused by the receiver).",
                    c.deadLetters(), "callback", n);
        }
    }
}
