package org.pbxmon.model;

import java.util.Map;

/**
 * What ended calls added up to for one {@link LegKey}, since the agent started watching.
 *
 * @param attempts       legs by disposition label (answered, busy, no_answer, congestion, failed,
 *                       cancelled, rejected); every disposition present, 0 when none
 * @param causes         hangup causes by Q.850 name ({@code other} for codes outside the table)
 * @param duration       answered talk time, seconds
 * @param mesRx          MES of the audio the PBX received (0-100); mesTx of the audio it sent
 * @param jitterRx       jitter, seconds, per stream
 * @param lossRx         packet loss ratio 0-1, per stream
 * @param rtt            round-trip time, seconds
 * @param qualityMissing answered legs that ended with no RTCP measurement at all
 */
public record CallSeries(LegKey key, Map<String, Long> attempts, Map<String, Long> causes, Histogram duration,
        Histogram mesRx, Histogram mesTx, Histogram jitterRx, Histogram jitterTx, Histogram lossRx, Histogram lossTx,
        Histogram rtt, long qualityMissing) {

    public CallSeries {
        attempts = Map.copyOf(attempts);
        causes = Map.copyOf(causes);
    }
}
