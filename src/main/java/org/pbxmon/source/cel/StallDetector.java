package org.pbxmon.source.cel;

/**
 * Keeps what the "stalled" rule needs across polls: when a CEL row last arrived (as the agent saw
 * MAX(id) change) and when AMI last saw call activity (a call ended, or more calls are up than at the
 * previous poll). Pure: fed one poll at a time with values from the database and the AMI model.
 */
final class StallDetector {
    private final long windowMs;
    private final long graceMs;
    private long prevLastId = -1;
    private long lastRowSeenMs;
    private long prevCallEndedMs;
    private int prevCalls;
    private long lastActivityMs;
    private long firstUnmatchedMs;

    StallDetector(long windowMs, long graceMs) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
    }

    /**
     * One poll.
     *
     * @param lastId          MAX(id) now
     * @param newestEventMs   eventtime of the newest row (Unix ms), 0 when the table is empty; used at
     *                        the first poll only, when no arrival has been seen yet
     * @param lastCallEndedMs from the AMI model, 0 if no call ended yet
     * @param amiCalls        live calls in the AMI model
     * @return whether CEL is stalled now
     */
    boolean update(long nowMs, long lastId, long newestEventMs, long lastCallEndedMs, int amiCalls) {
        if (prevLastId < 0) {
            lastRowSeenMs = newestEventMs <= 0 ? 0 : Math.min(nowMs, newestEventMs);
            prevCallEndedMs = lastCallEndedMs;
            prevCalls = amiCalls;
        } else if (lastId != prevLastId) {
            lastRowSeenMs = nowMs;
            firstUnmatchedMs = 0;
        }
        prevLastId = lastId;
        long activity = 0;
        if (lastCallEndedMs > prevCallEndedMs) {
            activity = lastCallEndedMs;
        }
        if (amiCalls > prevCalls) {
            activity = nowMs;
        }
        prevCallEndedMs = Math.max(prevCallEndedMs, lastCallEndedMs);
        prevCalls = amiCalls;
        if (activity > 0) {
            lastActivityMs = Math.max(lastActivityMs, activity);
            if (firstUnmatchedMs == 0 && activity > lastRowSeenMs) {
                firstUnmatchedMs = activity;
            }
        }
        return CelRules.stalled(nowMs, firstUnmatchedMs, lastActivityMs, lastRowSeenMs, windowMs, graceMs);
    }

    long lastRowSeenMs() {
        return lastRowSeenMs;
    }
}
