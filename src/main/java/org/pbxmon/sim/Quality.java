package org.pbxmon.sim;

/**
 * Scripted audio quality of a media leg (an answered PJSIP or IAX2 channel), the same in both
 * directions: the stream the PBX receives and the stream the far end reports about. It drives the
 * values of the leg's {@code RTCPSent} / {@code RTCPReceived} events and of its {@code RTPAUDIOQOS*}
 * variables at hangup.
 *
 * @param mes           media experience score, 0–100 ({@code MES: 92.0}, {@code txmes=92.000000})
 * @param jitterSeconds interarrival jitter in seconds ({@code IAJitter} = jitter × 8000 RTP units)
 * @param lossRatio     share of packets lost, 0..1 ({@code FractionLost} = round(loss × 256))
 * @param rttSeconds    round-trip time in seconds; {@code NaN} when the far end sends only sender
 *                      reports without a report block (as in the capture), so no RTT, far-end MES or
 *                      far-end loss is ever known
 * @param media         false for a call without any RTP at all ({@link #NO_MEDIA}): no RTCP, and the
 *                      all-zero {@code RTPAUDIOQOS} of the capture at hangup
 */
public record Quality(double mes, double jitterSeconds, double lossRatio, double rttSeconds, boolean media) {
    /** The default of every endpoint: MES 92, jitter 2 ms, no loss, RTT 20 ms. */
    public static final Quality HEALTHY = new Quality(92.0, 0.002, 0.0, 0.020);
    /** No RTP at all (like PJSIP/103 answered into Wait() in the capture). */
    public static final Quality NO_MEDIA = new Quality(0.0, 0.0, 0.0, Double.NaN, false);

    public Quality {
        if (media) {
            if (!(mes >= 0 && mes <= 100)) {
                throw new IllegalArgumentException("mes must be 0..100: " + mes);
            }
            if (!(jitterSeconds >= 0) || Double.isInfinite(jitterSeconds)) {
                throw new IllegalArgumentException("jitter must be >= 0 s: " + jitterSeconds);
            }
            if (!(lossRatio >= 0 && lossRatio <= 1)) {
                throw new IllegalArgumentException("loss must be 0..1: " + lossRatio);
            }
            if (rttSeconds < 0 || Double.isInfinite(rttSeconds)) {
                throw new IllegalArgumentException("rtt must be >= 0 s or NaN: " + rttSeconds);
            }
        }
    }

    /** A quality with media (the common case). */
    public Quality(double mes, double jitterSeconds, double lossRatio, double rttSeconds) {
        this(mes, jitterSeconds, lossRatio, rttSeconds, true);
    }

    /** Whether the far end sends report blocks (then RTCPReceived carries RTT, MES and a Report0 block). */
    public boolean farEndReports() {
        return media && !Double.isNaN(rttSeconds);
    }

    /** The same received-stream quality, but the far end sends sender reports without blocks (no RTT). */
    public Quality withoutFarEndReports() {
        return new Quality(mes, jitterSeconds, lossRatio, Double.NaN, media);
    }
}
