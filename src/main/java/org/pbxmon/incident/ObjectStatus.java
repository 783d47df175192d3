package org.pbxmon.incident;

import java.util.Objects;

/**
 * The stored status of one object.
 *
 * @param incidentStatus the severity of the incident that changed it last (operational once all closed)
 * @param finalStatus    the worst severity of its open incidents; operational when none is open
 * @param modifiedMs     when {@code finalStatus} last changed
 */
public record ObjectStatus(ObjectRef object, Severity incidentStatus, Severity finalStatus, long modifiedMs) {
    public ObjectStatus {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(incidentStatus, "incidentStatus");
        Objects.requireNonNull(finalStatus, "finalStatus");
    }
}
