package org.pbxmon.source.ami.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.pbxmon.source.ami.wire.AmiMessage;

/**
 * Turns an {@code RTCPSent}/{@code RTCPReceived} {@link AmiMessage} into an {@link RtcpReport}.
 * Pure and total: anything else gives empty, malformed fields give unknown values, it never throws.
 *
 * <p>Conversions: {@code ReportXFractionLost} is an 8-bit fixed-point fraction, divided by 256;
 * {@code ReportXIAJitter} is in RTP timestamp units, divided by the sample rate. No field of the
 * Asterisk 22 events names the codec or its clock rate, so the caller passes it (from the channel's
 * codec when known) and {@link #DEFAULT_SAMPLE_RATE_HZ} (8 kHz: G.711, G.729, and G.722, whose RTP
 * clock is 8 kHz by RFC 3551) is used otherwise. Blocks are read for every index below
 * {@code ReportCount} and also past it while {@code ReportX*} fields exist, up to 31 (the RTCP limit).
 */
public final class RtcpReportParser {
    /** RTP clock rate assumed when the codec is not known. */
    public static final int DEFAULT_SAMPLE_RATE_HZ = 8000;
    private static final int MAX_BLOCKS = 31;

    private RtcpReportParser() {
    }

    /** Same as {@code parse(m, DEFAULT_SAMPLE_RATE_HZ)}. */
    public static Optional<RtcpReport> parse(AmiMessage m) {
        return parse(m, DEFAULT_SAMPLE_RATE_HZ);
    }

    /**
     * The report, or empty when {@code m} is null or not an RTCP event. A non-positive
     * {@code sampleRateHz} falls back to the default.
     */
    public static Optional<RtcpReport> parse(AmiMessage m, int sampleRateHz) {
        if (m == null) {
            return Optional.empty();
        }
        RtcpReport.Direction dir;
        if (m.isEvent("RTCPSent")) {
            dir = RtcpReport.Direction.SENT;
        } else if (m.isEvent("RTCPReceived")) {
            dir = RtcpReport.Direction.RECEIVED;
        } else {
            return Optional.empty();
        }
        int rate = sampleRateHz > 0 ? sampleRateHz : DEFAULT_SAMPLE_RATE_HZ;
        OptionalLong count = Numbers.integer(m.get("ReportCount"), false);
        List<RtcpReport.Block> blocks = new ArrayList<>();
        for (int i = 0; i < MAX_BLOCKS; i++) {
            String p = "Report" + i;
            boolean any = m.has(p + "SourceSSRC") || m.has(p + "FractionLost") || m.has(p + "CumulativeLost")
                    || m.has(p + "IAJitter");
            if (!any) {
                if (count.isPresent() && i < count.getAsLong()) {
                    continue;
                }
                break;
            }
            blocks.add(block(m, i, rate));
        }
        OptionalDouble mes = Numbers.decimal(m.get("MES"));
        OptionalDouble rtt = Numbers.decimal(m.get("RTT"));
        if (dir == RtcpReport.Direction.RECEIVED && blocks.isEmpty()) {
            mes = OptionalDouble.empty();
            rtt = OptionalDouble.empty();
        }
        return Optional.of(new RtcpReport(dir, m.get("Channel"), m.get("Uniqueid"), m.get("Linkedid"),
                Numbers.ssrc(m.get("SSRC")), packetType(m.get("PT")), mes, rtt,
                Numbers.integer(m.get("SentPackets"), false), Numbers.integer(m.get("SentOctets"), false), blocks));
    }

    private static RtcpReport.Block block(AmiMessage m, int i, int rate) {
        String p = "Report" + i;
        OptionalLong fraction = Numbers.integer(m.get(p + "FractionLost"), false);
        OptionalDouble fractionLost = fraction.isPresent() && fraction.getAsLong() <= 255
                ? OptionalDouble.of(fraction.getAsLong() / 256.0) : OptionalDouble.empty();
        OptionalLong jitter = Numbers.integer(m.get(p + "IAJitter"), false);
        OptionalDouble jitterSeconds = jitter.isPresent()
                ? OptionalDouble.of(jitter.getAsLong() / (double) rate) : OptionalDouble.empty();
        return new RtcpReport.Block(i,
                Numbers.ssrc(m.get(p + "SourceSSRC")),
                fractionLost,
                Numbers.integer(m.get(p + "CumulativeLost"), true),
                Numbers.integer(m.get(p + "HighestSequence"), false),
                Numbers.integer(m.get(p + "SequenceNumberCycles"), false),
                jitter,
                jitterSeconds,
                Numbers.integer(m.get(p + "LSR"), false),
                Numbers.decimal(m.get(p + "DLSR")));
    }

    /**
     * What call quality needs of one RTCP event, read with a handful of lookups and no per-block
     * work: the hot path for live reports. Agrees with {@link #parse} on every field it has: an
     * unknown value is NaN; an {@code RTCPReceived} without a report block has unknown MES and RTT.
     *
     * @param sent          RTCPSent (the PBX's own report on the received stream)
     * @param block         the event has a first report block
     * @param fractionLost  {@code Report0FractionLost / 256}, NaN when absent or over 255
     * @param jitterSeconds {@code Report0IAJitter} at the default 8 kHz clock
     */
    public record Sample(boolean sent, String uniqueid, double mes, boolean block, double fractionLost,
            double jitterSeconds, double rttSeconds) {
    }

    /**
     * The sample of an RTCPSent/RTCPReceived event, or null for anything else. One pass over the
     * headers, dispatched on the key's length, with numbers read in place: the only allocations are
     * the Uniqueid string and the record. The first occurrence of a repeated key wins, as in
     * {@link AmiMessage#get}.
     */
    public static Sample sample(AmiMessage m) {
        if (m == null) {
            return null;
        }
        boolean sent;
        if (m.isEvent("RTCPSent")) {
            sent = true;
        } else if (m.isEvent("RTCPReceived")) {
            sent = false;
        } else {
            return null;
        }
        int uniqueid = -1;
        int mesAt = -1;
        int rttAt = -1;
        int fractionAt = -1;
        int jitterAt = -1;
        boolean block = false;
        for (int i = 1, n = m.size(); i < n; i++) {
            switch (m.keyLength(i)) {
                case 3 -> {
                    if (mesAt < 0 && m.keyIs(i, "MES")) {
                        mesAt = i;
                    } else if (rttAt < 0 && m.keyIs(i, "RTT")) {
                        rttAt = i;
                    }
                }
                case 8 -> {
                    if (uniqueid < 0 && m.keyIs(i, "Uniqueid")) {
                        uniqueid = i;
                    }
                }
                case 15 -> {
                    if (m.keyIs(i, "Report0IAJitter")) {
                        block = true;
                        if (jitterAt < 0) {
                            jitterAt = i;
                        }
                    }
                }
                case 17 -> block |= m.keyIs(i, "Report0SourceSSRC");
                case 19 -> {
                    if (m.keyIs(i, "Report0FractionLost")) {
                        block = true;
                        if (fractionAt < 0) {
                            fractionAt = i;
                        }
                    }
                }
                case 21 -> block |= m.keyIs(i, "Report0CumulativeLost");
                default -> {
                }
            }
        }
        double mes = mesAt < 0 ? Double.NaN : Numbers.decimal(m, mesAt);
        double rtt = sent || rttAt < 0 ? Double.NaN : Numbers.decimal(m, rttAt);
        if (!sent && !block) {
            mes = Double.NaN;
            rtt = Double.NaN;
        }
        double fraction = Double.NaN;
        double jitter = Double.NaN;
        if (block) {
            long f = fractionAt < 0 ? -1 : Numbers.unsigned(m, fractionAt);
            if (f >= 0 && f <= 255) {
                fraction = f / 256.0;
            }
            long j = jitterAt < 0 ? -1 : Numbers.unsigned(m, jitterAt);
            if (j >= 0) {
                jitter = j / (double) DEFAULT_SAMPLE_RATE_HZ;
            }
        }
        return new Sample(sent, uniqueid < 0 ? null : m.value(uniqueid), mes, block, fraction, jitter, rtt);
    }

    /** {@code 201(RR)} gives 201. */
    private static OptionalLong packetType(String pt) {
        if (pt == null) {
            return OptionalLong.empty();
        }
        int paren = pt.indexOf('(');
        return Numbers.integer(paren >= 0 ? pt.substring(0, paren) : pt, false);
    }
}
