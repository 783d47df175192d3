package org.pbxmon.incident;

/** Builds the payload of a status event (called by the store inside its transaction). */
@FunctionalInterface
public interface EventFactory {
    /** The JSON document for {@code object} going from {@code previous} to {@code current}. */
    String payload(String eventId, ObjectRef object, Severity previous, Severity current, long atMs);
}
