package org.pbxmon.incident;

import java.util.List;
import java.util.Objects;
import org.pbxmon.config.IncidentsConfig.ObjectMeta;

/**
 * One monitored object as the incident API shows it.
 *
 * @param used       live use (a trunk's active channels), or null when unknown
 * @param capacity   configured capacity, or null
 * @param open       its open incidents, worst first
 * @param modifiedMs when its final status last changed, or 0 if never
 */
public record ObjectView(ObjectRef object, ObjectMeta meta, Severity finalStatus, Integer used, Integer capacity,
        List<Incident> open, long modifiedMs) {
    public ObjectView {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(finalStatus, "finalStatus");
        open = List.copyOf(open);
    }
}
