package org.pbxmon.model;

import java.util.List;

/**
 * Call quality, traffic KPIs and queue service of one PBX: a part of {@link PbxSnapshot}.
 *
 * @param series        per-call counters and histograms, one per label set
 * @param trunks        each trunk's audio now and recent KPIs
 * @param queues        queue service
 * @param rtcpSeen      whether any RTCPSent/RTCPReceived event arrived on this PBX since the agent started
 * @param qosSeen       whether any RTPAUDIOQOS variable arrived
 * @param permissionHint null, or what to change in manager.conf because calls were up with no RTCP
 * @param tenantsOverflowed legs whose tenant was over {@code quality.tenants.limit} and counted as "other"
 */
public record CallQuality(List<CallSeries> series, List<TrunkQuality> trunks, List<QueueService> queues,
        boolean rtcpSeen, boolean qosSeen, String permissionHint, long tenantsOverflowed, double poorMes,
        String window) {

    public static final CallQuality EMPTY = new CallQuality(List.of(), List.of(), List.of(), false, false, null, 0, 70, "1h");

    public CallQuality {
        series = List.copyOf(series);
        trunks = List.copyOf(trunks);
        queues = List.copyOf(queues);
    }
}
