package org.pbxmon.source.ami.calls;

import org.pbxmon.source.ami.quality.RtpQos;

/**
 * The quality of one ended leg: from its {@code RTPAUDIOQOS} summary when that measured anything,
 * else from the RTCP reports seen during the call. A stream is scored only when it was measured:
 * <ul>
 * <li>received (rx): {@code rxcount > 0}; MES and jitter are the summary's {@code txmes} and
 * {@code txjitter} (Asterisk's naming is inverted there), loss {@code lp / (rxcount + lp)};</li>
 * <li>sent (tx): {@code txcount > 0} and the far end reported on it (a non-zero {@code rxmes},
 * {@code rxjitter}, {@code rlp} or {@code rtt}, or an RTCPReceived with a report block): MES
 * {@code rxmes}, jitter {@code rxjitter}, loss {@code rlp / txcount};</li>
 * <li>RTT: {@code rtt > 0}, or the last RTCPReceived round trip.</li>
 * </ul>
 * A leg with none of these is not scored (never as perfect): the caller counts it as missing.
 */
final class LegQuality {
    private LegQuality() {
    }

    /** Observes the leg's figures into {@code s}; false when nothing was measured. */
    static boolean observe(Leg l, SeriesAcc s, long nowMs) {
        boolean any = false;
        String id = l.linkedId;
        RtpQos q = l.qos;
        boolean rxDone = false;
        boolean txDone = false;
        boolean rttDone = false;
        if (q != null) {
            if (q.rxCount().orElse(0) > 0) {
                rxDone = true;
                any |= obs(s.mesRx, q.receivedStreamMes().orElse(Double.NaN), id, nowMs);
                any |= obs(s.jitterRx, q.receivedStreamJitterSeconds().orElse(Double.NaN), id, nowMs);
                any |= obs(s.lossRx, q.receivedLossRatio().orElse(Double.NaN), id, nowMs);
            }
            boolean farEnd = l.rtcpTxBlock || positive(q.rxMes().orElse(0)) || positive(q.rxJitter().orElse(0))
                    || q.rlp().orElse(0) > 0 || positive(q.rtt().orElse(0));
            if (q.txCount().orElse(0) > 0 && farEnd) {
                txDone = true;
                any |= obs(s.mesTx, q.sentStreamMes().orElse(Double.NaN), id, nowMs);
                any |= obs(s.jitterTx, q.sentStreamJitterSeconds().orElse(Double.NaN), id, nowMs);
                any |= obs(s.lossTx, q.sentLossRatio().orElse(Double.NaN), id, nowMs);
            }
            if (positive(q.rtt().orElse(0))) {
                rttDone = true;
                any |= obs(s.rtt, q.rtt().getAsDouble(), id, nowMs);
            }
        }
        if (!rxDone) {
            any |= obs(s.mesRx, l.lastRxMes, id, nowMs);
            any |= obs(s.jitterRx, l.lastRxJitter, id, nowMs);
            any |= obs(s.lossRx, l.rxLossReports == 0 ? Double.NaN : l.rxLossSum / l.rxLossReports, id, nowMs);
        }
        if (!txDone) {
            any |= obs(s.mesTx, l.lastTxMes, id, nowMs);
            any |= obs(s.jitterTx, l.lastTxJitter, id, nowMs);
            any |= obs(s.lossTx, l.txLossReports == 0 ? Double.NaN : l.txLossSum / l.txLossReports, id, nowMs);
        }
        if (!rttDone) {
            any |= obs(s.rtt, l.lastRtt, id, nowMs);
        }
        return any;
    }

    private static boolean positive(double v) {
        return v > 0 && !Double.isNaN(v);
    }

    private static boolean obs(HistogramAcc h, double v, String linkedId, long nowMs) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            return false;
        }
        h.observe(v, linkedId, nowMs);
        return true;
    }
}
