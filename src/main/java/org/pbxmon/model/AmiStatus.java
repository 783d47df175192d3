package org.pbxmon.model;

/**
 * Health of one AMI session.
 *
 * @param connected        TCP session up and logged in
 * @param synced           the initial list-action sync has completed on this session
 * @param lastEventEpochMs when the last event arrived, 0 if never
 * @param eventsDropped    events lost before they reached the state (asterisk-java queue full)
 * @param eventsUnknown    events of a type asterisk-java has no class for (counted, not logged)
 * @param malformedLines   lines that are not "Key: Value" (garbage on the wire), counted and skipped
 * @param lastError        last connection or sync error, "" when none
 */
public record AmiStatus(
        boolean connected,
        boolean synced,
        long lastEventEpochMs,
        long eventsTotal,
        long eventsDropped,
        long eventsUnknown,
        long malformedLines,
        long reconnects,
        long resyncs,
        int pendingActions,
        String lastError) {

    public static final AmiStatus INITIAL = new AmiStatus(false, false, 0, 0, 0, 0, 0, 0, 0, 0, "");
}
