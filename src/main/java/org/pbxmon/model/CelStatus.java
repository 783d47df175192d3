package org.pbxmon.model;

import java.util.Map;

/**
 * What the CEL source knows about one PBX's CEL table. Published by the CEL poller after every poll;
 * rendered by the exporters. A failed poll keeps the last good figures ({@link #hasData()} stays true)
 * and sets {@link #error()}. {@link #pbx()} is the key.
 *
 * @param pbx                 the PBX name this CEL table belongs to
 * @param source              {@code user@host:port/database}, never a password
 * @param dbUp                the last poll connected and could read the CEL table
 * @param error               "" when the last poll succeeded, else a short reason without secrets
 * @param hasData             a poll has succeeded at least once, so the figures below mean something
 * @param lastId              MAX(id) of the table, 0 when empty
 * @param lastEventEpochMs    eventtime of the newest row in Unix ms (in the configured time zone), 0 if none
 * @param lastEventAgeSeconds age of the newest row when polled, 0 when the table is empty
 * @param consumer            where the watermark comes from: "sql" (a consumer query) or "agent" (own tail)
 * @param consumerLastId      the last CEL id the consumer has processed
 * @param pendingEvents       rows after the consumer's watermark (exact up to 10,000, then MAX(id) - watermark)
 * @param pendingCalls        distinct linkedids among those rows (counted in the first 10,000)
 * @param eventsByType        rows the agent has read by tailing, per eventtype (a counter)
 * @param openCalls           linkedids with a CHAN_START within the open-call window and no LINKEDID_END yet
 * @param stalled             AMI saw call activity within the stall window but no CEL row arrived in it
 * @param queryDurations      seconds of the last run of each query, by query name
 * @param pollSeconds         duration of the last poll
 * @param updatedEpochMs      when the last poll finished, 0 before the first
 */
public record CelStatus(
        String pbx,
        String source,
        boolean dbUp,
        String error,
        boolean hasData,
        long lastId,
        long lastEventEpochMs,
        double lastEventAgeSeconds,
        String consumer,
        long consumerLastId,
        long pendingEvents,
        long pendingCalls,
        Map<String, Long> eventsByType,
        int openCalls,
        boolean stalled,
        Map<String, Double> queryDurations,
        double pollSeconds,
        long updatedEpochMs) {

    public CelStatus {
        eventsByType = Map.copyOf(eventsByType);
        queryDurations = Map.copyOf(queryDurations);
    }

    /** Before the first poll: not connected, no figures. */
    public static CelStatus initial(String pbx, String source, String consumer) {
        return new CelStatus(pbx, source, false, "not polled yet", false, 0, 0, 0, consumer, 0, 0, 0, Map.of(), 0,
                false, Map.of(), 0, 0);
    }

    /** The last poll succeeded. */
    public boolean success() {
        return error.isEmpty();
    }
}
