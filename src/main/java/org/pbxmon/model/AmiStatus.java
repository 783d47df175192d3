package org.pbxmon.model;

import java.util.Map;

/**
 * Health of one AMI session.
 *
 * @param connected        TCP session up and logged in
 * @param synced           a complete list-action sync of this session has finished; the live state is
 *                         trustworthy only while both this and {@code connected} are true
 * @param lastEventEpochMs when the last event arrived, 0 if never
 * @param eventsTotal      events read off the wire (every type, for the life of the agent)
 * @param eventsDropped    events lost before they reached the state (the event queue was full); each
 *                         burst of drops is followed by a resync
 * @param malformedFrames  frames skipped because they were malformed, by reason (no_colon,
 *                         line_too_long, frame_too_large, nul_byte, bad_utf8, ...)
 * @param reconnects       sessions re-established after a loss
 * @param resyncs          full resyncs after the initial sync of a session
 * @param pendingActions   actions sent and not answered yet
 * @param lastError        last connection or sync error, "" when none
 */
public record AmiStatus(
        boolean connected,
        boolean synced,
        long lastEventEpochMs,
        long eventsTotal,
        long eventsDropped,
        Map<String, Long> malformedFrames,
        long reconnects,
        long resyncs,
        int pendingActions,
        String lastError) {

    /** Every reason label of {@link #malformedFrames()} (the AMI frame reader's reasons). */
    public static final java.util.List<String> MALFORMED_REASONS = java.util.List.of("no_colon", "line_too_long",
            "frame_too_large", "too_many_fields", "nul_byte", "bare_cr", "bad_key", "not_a_message");

    public static final AmiStatus INITIAL = new AmiStatus(false, false, 0, 0, 0, Map.of(), 0, 0, 0, "");

    public AmiStatus {
        malformedFrames = Map.copyOf(malformedFrames);
    }

    /** Malformed frames of every reason. */
    public long malformedTotal() {
        return malformedFrames.values().stream().mapToLong(Long::longValue).sum();
    }
}
