package org.pbxmon.model;

/**
 * Live channel and call figures. A call is one Linkedid: a call through Local channels has more
 * channels than calls but counts once.
 *
 * @param longestCallSeconds age of the oldest active call, 0 when none
 * @param stuckCalls         active calls older than the configured threshold
 * @param callsProcessed     calls (Linkedids) that ended since the agent started watching, plus nothing
 *                           else: it is a counter that survives reconnects
 * @param lastCallEndedEpochMs when the last call ended (its last channel hung up), 0 if none yet
 */
public record CallStats(int channels, int calls, double longestCallSeconds, int stuckCalls, int bridges,
        long callsProcessed, long lastCallEndedEpochMs) {

    public static final CallStats EMPTY = new CallStats(0, 0, 0, 0, 0, 0, 0);
}
