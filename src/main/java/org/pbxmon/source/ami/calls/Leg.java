package org.pbxmon.source.ami.calls;

import java.util.OptionalDouble;
import org.pbxmon.source.ami.quality.RtcpReport;
import org.pbxmon.source.ami.quality.RtpQos;

/**
 * One live PJSIP, IAX2 or SIP channel (a leg) and what is known of it so far. Local channels are
 * not legs: they carry no media and are not devices. Not thread-safe.
 */
final class Leg {
    final String uniqueId;
    final String linkedId;
    /** "PJSIP/carrier" for "PJSIP/carrier-00000001". */
    final String device;
    final String tenant;
    final long createdMs;
    boolean dialled;
    String dialStatus;
    long answeredMs = -1;
    RtpQos qos;

    // RTCP: the latest figures for each stream, and running sums for a fallback at hangup
    double lastRxMes = Double.NaN;
    double lastTxMes = Double.NaN;
    double lastRxJitter = Double.NaN;
    double lastTxJitter = Double.NaN;
    double lastRtt = Double.NaN;
    double rxLossSum;
    int rxLossReports;
    double txLossSum;
    int txLossReports;
    boolean rtcp;
    /** An RTCPReceived with a report block arrived: the far end reported on the sent stream. */
    boolean rtcpTxBlock;

    Leg(String uniqueId, String linkedId, String device, String tenant, long createdMs) {
        this.uniqueId = uniqueId;
        this.linkedId = linkedId;
        this.device = device;
        this.tenant = tenant;
        this.createdMs = createdMs;
    }

    boolean answered() {
        return answeredMs >= 0;
    }

    void answer(long nowMs) {
        if (answeredMs < 0) {
            answeredMs = nowMs;
        }
    }

    /**
     * Takes in one RTCP report. An RTCPSent is the PBX's own receiver report: its MES and block are
     * the received (rx) stream. An RTCPReceived with a block is the far end's: the sent (tx) stream
     * and the round trip. An RTCPReceived without a block (a bare SR) measures nothing.
     */
    void report(RtcpReport r) {
        RtcpReport.Block b = r.blocks().isEmpty() ? null : r.blocks().get(0);
        report(r.direction() == RtcpReport.Direction.SENT, or(r.mes(), Double.NaN), b != null,
                b == null ? Double.NaN : or(b.fractionLost(), Double.NaN),
                b == null ? Double.NaN : or(b.iaJitterSeconds(), Double.NaN), or(r.rttSeconds(), Double.NaN));
    }

    /** The same from a lean sample; NaN is unknown. */
    void report(boolean sent, double mes, boolean block, double fractionLost, double jitterSeconds, double rtt) {
        if (sent) {
            if (!Double.isNaN(mes)) {
                lastRxMes = mes;
                rtcp = true;
            }
            if (block) {
                rtcp = true;
                if (!Double.isNaN(jitterSeconds)) {
                    lastRxJitter = jitterSeconds;
                }
                if (!Double.isNaN(fractionLost)) {
                    rxLossSum += fractionLost;
                    rxLossReports++;
                }
            }
        } else if (block) {
            rtcp = true;
            rtcpTxBlock = true;
            if (!Double.isNaN(mes)) {
                lastTxMes = mes;
            }
            if (!Double.isNaN(jitterSeconds)) {
                lastTxJitter = jitterSeconds;
            }
            if (!Double.isNaN(rtt)) {
                lastRtt = rtt;
            }
            if (!Double.isNaN(fractionLost)) {
                txLossSum += fractionLost;
                txLossReports++;
            }
        }
    }

    /** The leg's MES now: the worse of its two streams' latest reports; NaN when none. */
    double mesNow() {
        if (Double.isNaN(lastRxMes)) {
            return lastTxMes;
        }
        return Double.isNaN(lastTxMes) ? lastRxMes : Math.min(lastRxMes, lastTxMes);
    }

    private static double or(OptionalDouble v, double dflt) {
        return v.isPresent() ? v.getAsDouble() : dflt;
    }
}
