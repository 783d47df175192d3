package org.pbxmon.source.cel;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.LongFunction;

/** The pure rules of the CEL source: no JDBC, no clock, unit-tested on values. */
final class CelRules {
    private CelRules() {
    }

    /**
     * {@code eventtime} is a DATETIME without zone: Asterisk writes local time, or UTC with
     * {@code usegmtime=yes}. It is read as a {@link LocalDateTime} (no JDBC or session zone applies)
     * and placed in the configured zone here. In a DST overlap the earlier offset is taken.
     */
    static long epochMs(LocalDateTime eventtime, ZoneId zone) {
        return eventtime.atZone(zone).toInstant().toEpochMilli();
    }

    /** Age in seconds of an event at {@code eventEpochMs}, never negative (a clock ahead of ours is 0). */
    static double ageSeconds(long nowMs, long eventEpochMs) {
        return Math.max(0, nowMs - eventEpochMs) / 1000.0;
    }

    /** Pending events and calls after a watermark. */
    record Pending(long events, long calls) {
        static final Pending NONE = new Pending(0, 0);
    }

    /**
     * @param counted      rows counted after the watermark (at most {@code cap})
     * @param countedCalls distinct linkedids among them
     */
    static Pending pending(long watermark, long lastId, long counted, long countedCalls, int cap) {
        if (watermark >= lastId) {
            return Pending.NONE;
        }
        long events = counted < cap ? counted : Math.max(counted, lastId - watermark);
        return new Pending(events, countedCalls);
    }

    /**
     * Insert loss on a busy PBX: AMI saw call activity within the window, no CEL row arrived within
     * the window, and the first activity after the last row seen is older than the grace (so the rows
     * of a call that just started after a quiet night had time to arrive). An idle PBX (no activity in
     * the window) is never stalled.
     *
     * @param firstUnmatchedMs first AMI call activity after the last CEL row seen (Unix ms), 0 if none
     * @param lastActivityMs   last AMI call activity (Unix ms), 0 if none
     * @param lastRowSeenMs    when the agent last saw MAX(id) change (Unix ms), 0 if never
     * @param graceMs          time the rows of a call may take to show up (a poll interval and a bit)
     */
    static boolean stalled(long nowMs, long firstUnmatchedMs, long lastActivityMs, long lastRowSeenMs,
            long windowMs, long graceMs) {
        return firstUnmatchedMs > 0 && nowMs - firstUnmatchedMs >= graceMs
                && lastActivityMs > 0 && nowMs - lastActivityMs <= windowMs
                && nowMs - lastRowSeenMs > windowMs;
    }

    /**
     * The smallest id in {@code [lo, hi]} whose row's time is at or after {@code cutoffMs}, by bisection
     * on the primary key (CEL ids grow with time), or {@code hi + 1} when every row is older.
     *
     * @param rowAt id → the first row at or after it as {id, epochMs}, or null when there is none
     */
    static long firstIdAtOrAfter(long lo, long hi, long cutoffMs, LongFunction<long[]> rowAt) {
        long answer = hi + 1;
        while (lo <= hi) {
            long mid = lo + (hi - lo) / 2;
            long[] row = rowAt.apply(mid);
            if (row == null) {
                hi = mid - 1;
            } else if (row[1] >= cutoffMs) {
                answer = Math.min(answer, row[0]);
                hi = mid - 1;
            } else {
                lo = row[0] + 1;
            }
        }
        return answer;
    }
}
