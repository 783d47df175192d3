package org.pbxmon.incident;

import java.util.Objects;

/**
 * A recorded status change: what callbacks are told.
 *
 * @param eventId  unique, and the {@code webhook-id} of every delivery of it (the same on every retry)
 * @param previous the stored final status before it
 * @param current  the final status after it
 * @param payload  the JSON document that {@code {response}} expands to
 */
public record StatusEvent(String eventId, ObjectRef object, Severity previous, Severity current, long atMs,
        String payload) {
    public StatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(payload, "payload");
    }
}
