package org.pbxmon.incident;

/**
 * One pending delivery of one event to one callback.
 *
 * @param attempts deliveries tried so far
 * @param createdMs when the event was recorded (its age decides expiry)
 */
public record OutboxRow(long id, String eventId, String callback, String payload, int attempts, long createdMs) {
}
