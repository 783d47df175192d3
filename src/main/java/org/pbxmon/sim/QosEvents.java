package org.pbxmon.sim;

import java.util.List;
import java.util.Locale;

/**
 * Renders the media-quality events of a {@link MediaLeg} field for field as res_rtp_asterisk and
 * chan_pjsip print them in call-flow-events.txt: {@code RTCPReceived}, {@code RTCPSent} and the five
 * {@code VarSet RTPAUDIOQOS*} of hangup. Pure: the caller advances the leg's counters.
 */
final class QosEvents {
    /** Seconds from 1900 (NTP era 0) to 1970. */
    private static final long NTP_OFFSET = 2208988800L;

    private QosEvents() {
    }

    /**
     * The far end's report as received: an SR with one block about the PBX's stream when
     * {@code q.farEndReports()}, else the capture's SR without blocks ({@code RTT: 0.0000}, {@code MES:  0.0}).
     */
    static Ev rtcpReceived(MediaLeg leg, Quality q, long now) {
        boolean block = q.farEndReports();
        Ev.B b = Ev.of("RTCPReceived", "reporting,all").chan(leg.chan, "")
                .kv("To", leg.local)
                .kv("From", leg.remote)
                .kv("RTT", f("%.4f", block ? q.rttSeconds() : 0.0))
                .kv("MES", mes(block ? q.mes() : 0.0))
                .kv("SSRC", hex(leg.themSsrc))
                .kv("PT", "200(SR)")
                .kv("ReportCount", block ? 1 : 0)
                .kv("SentNTP", (now / 1000) + "." + f("%06d", (now % 1000) * 1000 + leg.themSsrc % 1000))
                .kv("SentRTP", (leg.rtpBase + leg.packets * MediaLeg.SAMPLES_PER_PACKET) & 0xffffffffL)
                .kv("SentPackets", leg.packets)
                .kv("SentOctets", (leg.packets * MediaLeg.SAMPLES_PER_PACKET) & 0xffffffffL);
        if (block) {
            // the PBX only sends receiver reports, so the far end has no SR to refer to (LSR 0)
            reportBlock(b, leg.ssrc, q, leg.lostTx, leg.txHighestSeq(), 0, "0.0000");
        }
        return b.build();
    }

    /** The PBX's receiver report about the stream it receives (PT 201(RR), one block, MES of that stream). */
    static Ev rtcpSent(MediaLeg leg, Quality q, long now) {
        Ev.B b = Ev.of("RTCPSent", "reporting,all").chan(leg.chan, "")
                .kv("To", leg.remote)
                .kv("From", leg.local)
                .kv("MES", mes(q.mes()))
                .kv("SSRC", hex(leg.ssrc))
                .kv("PT", "201(RR)")
                .kv("ReportCount", 1);
        // the block refers to the far end's SR just received (same SentNTP), answered at once: DLSR 0
        reportBlock(b, leg.themSsrc, q, leg.lostRx, leg.rxHighestSeq(), ntpMiddle(now, leg.themSsrc), "0.0000");
        return b.build();
    }

    private static void reportBlock(Ev.B b, long sourceSsrc, Quality q, long cumulativeLost, long highestSeq,
            long lsr, String dlsr) {
        b.kv("Report0SourceSSRC", hex(sourceSsrc))
                .kv("Report0FractionLost", Math.min(255, Math.round(q.lossRatio() * 256)))
                .kv("Report0CumulativeLost", cumulativeLost & 0xffffff)
                .kv("Report0HighestSequence", highestSeq & 0xffff)
                .kv("Report0SequenceNumberCycles", (highestSeq >>> 16) & 0xffff)
                .kv("Report0IAJitter", Math.round(q.jitterSeconds() * 8000))
                .kv("Report0LSR", lsr)
                .kv("Report0DLSR", dlsr);
    }

    /** Middle 32 bits of the NTP time of an SR sent at {@code millis} (microseconds as in SentNTP). */
    static long ntpMiddle(long millis, long ssrc) {
        long micros = (millis % 1000) * 1000 + ssrc % 1000;
        long sec = millis / 1000 + NTP_OFFSET;
        long frac = (micros << 32) / 1_000_000L;
        return ((sec & 0xffff) << 16) | ((frac >>> 16) & 0xffff);
    }

    /** The five VarSet events of hangup, in the capture's order. */
    static List<Ev> rtpAudioQos(MediaLeg leg) {
        Chan c = leg.chan;
        boolean none = leg.reports == 0 && leg.mesRx.n == 0;
        long rxcount = none ? 0 : Math.max(1, leg.packets - leg.lostRx);
        long txcount = none ? 0 : Math.max(1, leg.packets);
        String summary = f("ssrc=%d;themssrc=%d;lp=%d;rxjitter=%f;rxcount=%d;txjitter=%f;txcount=%d;rlp=%d;"
                        + "rtt=%f;rxmes=%f;txmes=%f",
                leg.ssrc, none ? 0 : leg.themSsrc, leg.lostRx, leg.jitterTx.last, rxcount, leg.jitterRx.last,
                txcount, leg.lostTx, leg.rtt.last, leg.mesTx.last, leg.mesRx.last);
        return List.of(
                ChanEvents.varSet(c, "RTPAUDIOQOS", summary),
                ChanEvents.varSet(c, "RTPAUDIOQOSJITTER",
                        spread("", "rxjitter", leg.jitterRx) + spread("", "txjitter", leg.jitterTx)),
                ChanEvents.varSet(c, "RTPAUDIOQOSLOSS",
                        spread("  ", "rxlost", leg.lossRx) + spread("  ", "txlost", leg.lossTx)),
                ChanEvents.varSet(c, "RTPAUDIOQOSRTT", spread("     ", "rtt", leg.rtt)),
                ChanEvents.varSet(c, "RTPAUDIOQOSMES",
                        spread("   ", "rxmes", leg.mesRx) + spread("   ", "txmes", leg.mesTx)));
    }

    /** {@code <pad>min<stem>=000.000000;<pad>max...;<pad>avg...;<pad>stdev...;} */
    private static String spread(String pad, String stem, MediaLeg.Stats s) {
        return pad + "min" + stem + "=" + f("%010.6f", s.min) + ";"
                + pad + "max" + stem + "=" + f("%010.6f", s.max) + ";"
                + pad + "avg" + stem + "=" + f("%010.6f", s.avg()) + ";"
                + pad + "stdev" + stem + "=" + f("%010.6f", s.stdev()) + ";";
    }

    /** MES as Asterisk prints it: {@code %4.1f} ("88.1", " 0.0"). */
    private static String mes(double v) {
        return f("%4.1f", v);
    }

    private static String hex(long ssrc) {
        return f("0x%08x", ssrc & 0xffffffffL);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
