package org.pbxmon.incident;

import java.util.List;

/** What the incident API reads. */
public interface IncidentQueries {
    /** False when {@code incidents.enabled} is false (the API then answers E542). */
    boolean enabled();

    /** Every known object (configured, seen live, or named by an incident), by id. */
    List<ObjectView> objects();

    /** Open incidents, worst first, then oldest first. */
    List<Incident> open();

    /** Incidents opened, updated or closed at or after {@code sinceMs}, newest first, at most {@code limit}. */
    List<Incident> since(long sinceMs, int limit) throws StoreException;
}
