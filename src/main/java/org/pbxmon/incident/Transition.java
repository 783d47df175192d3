package org.pbxmon.incident;

import java.util.Objects;

/**
 * An object's final status changing, as the engine saw it. The store turns it into a
 * {@link StatusEvent} only when the stored status differs from {@code to} (so two agents that see
 * the same change on one shared database record it once).
 *
 * @param incidentStatus the severity of the incident that caused it (operational when the last one closed)
 */
public record Transition(ObjectRef object, Severity incidentStatus, Severity to, long atMs) {
    public Transition {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(incidentStatus, "incidentStatus");
        Objects.requireNonNull(to, "to");
    }
}
