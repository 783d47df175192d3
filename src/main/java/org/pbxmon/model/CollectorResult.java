package org.pbxmon.model;

/**
 * Outcome of the last run of one collector (a list action, a DB poll, a probe).
 *
 * @param error "" on success, otherwise a short reason without secrets
 */
public record CollectorResult(String collector, boolean success, double durationSeconds, long finishedEpochMs,
        String error) {
}
