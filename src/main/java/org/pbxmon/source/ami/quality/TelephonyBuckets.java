package org.pbxmon.source.ami.quality;

/**
 * Histogram bucket upper bounds (Prometheus {@code le}, +Inf implied) for the call-quality, duration
 * and queue-wait histograms. Each accessor returns a fresh copy; all are strictly increasing.
 */
public final class TelephonyBuckets {
    private static final double[] MES = {20, 40, 50, 60, 70, 75, 80, 85, 90, 95, 100};
    private static final double[] JITTER = {0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2};
    private static final double[] LOSS = {0.0001, 0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5};
    private static final double[] RTT = {0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 1.0};
    private static final double[] TALK = {5, 10, 30, 60, 120, 180, 300, 600, 1200, 1800, 3600};
    private static final double[] QUEUE_WAIT = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600};

    private TelephonyBuckets() {
    }

    /** MES 0–100: R-factor-like bands (G.107: 90 best, 80 high, 70 medium, 60 low, 50 poor), 70 = default poor-quality line, finer 70–95 where healthy calls sit (88.1 in the capture). */
    public static double[] mes() {
        return MES.clone();
    }

    /** Jitter, seconds: 20 ms is one G.711 packet time and 30 ms the usual alert line; sub-ms buckets separate LAN from WAN. */
    public static double[] jitterSeconds() {
        return JITTER.clone();
    }

    /** Packet loss ratio 0–1: about 1 % is audible on G.711 without concealment, 3–5 % breaks most codecs' concealment. */
    public static double[] lossRatio() {
        return LOSS.clone();
    }

    /** Round-trip time, seconds: G.114 advises under 150 ms one way (0.3 s round trip) and calls 400 ms one way unusable. */
    public static double[] rttSeconds() {
        return RTT.clone();
    }

    /** Answered talk time, seconds: under 5–10 s flags failed audio or misroutes, typical calls last 1–5 min, long tail to an hour. */
    public static double[] talkSeconds() {
        return TALK.clone();
    }

    /** Queue wait, seconds: includes the common service-level targets 15, 20, 30, 60 s exactly so SL can be read off the buckets. */
    public static double[] queueWaitSeconds() {
        return QUEUE_WAIT.clone();
    }
}
