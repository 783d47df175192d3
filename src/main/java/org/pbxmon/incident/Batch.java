package org.pbxmon.incident;

import java.util.List;

/**
 * What one engine step writes, in one transaction: incidents opened, updated or closed (an incident
 * with {@code closedMs} set closes it), and the objects whose final status changed.
 */
public record Batch(List<Incident> incidents, List<Transition> transitions) {
    public Batch {
        incidents = List.copyOf(incidents);
        transitions = List.copyOf(transitions);
    }

    public boolean isEmpty() {
        return incidents.isEmpty() && transitions.isEmpty();
    }
}
