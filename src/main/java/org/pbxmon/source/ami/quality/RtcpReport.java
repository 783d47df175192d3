package org.pbxmon.source.ami.quality;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One {@code RTCPSent} or {@code RTCPReceived} AMI event (class {@code reporting}), reduced to what
 * call quality needs. Built by {@link RtcpReportParser#parse}. Unknown values are empty, never 0.
 *
 * <p>Which stream it describes: an {@link Direction#SENT} report is the PBX's own receiver report,
 * so its {@code MES} and blocks describe the audio the PBX <b>received</b> (rx); a
 * {@link Direction#RECEIVED} report comes from the far end, so its blocks, {@code MES} and
 * {@code RTT} describe the audio the PBX <b>sent</b> (tx) and the round trip.
 *
 * <p>Conversions: {@code MES} is 0–100 as printed; {@code RTT} is printed in seconds
 * ({@code RTT: 0.0000}); in an {@code RTCPReceived} that carries no report block
 * ({@code PT: 200(SR)}, {@code ReportCount: 0}) Asterisk prints {@code MES:  0.0} and
 * {@code RTT: 0.0000}, which measure nothing, so both are unknown there. {@code RTCPSent} has no
 * {@code RTT} field.
 *
 * @param direction     SENT for {@code RTCPSent}, RECEIVED for {@code RTCPReceived}
 * @param channel       {@code Channel}, or null
 * @param uniqueid      {@code Uniqueid}, or null
 * @param linkedid      {@code Linkedid}, or null
 * @param ssrc          {@code SSRC} (hex {@code 0x42ca3cf2} in Asterisk 22) of the report's sender
 * @param packetType    200 (SR) or 201 (RR) from {@code PT: 201(RR)}
 * @param mes           {@code MES}, 0–100
 * @param rttSeconds    {@code RTT} in seconds
 * @param sentPackets   SR only: {@code SentPackets}
 * @param sentOctets    SR only: {@code SentOctets}
 * @param blocks        the report blocks {@code Report0*..ReportN*}, in index order
 */
public record RtcpReport(
        Direction direction,
        String channel,
        String uniqueid,
        String linkedid,
        OptionalLong ssrc,
        OptionalLong packetType,
        OptionalDouble mes,
        OptionalDouble rttSeconds,
        OptionalLong sentPackets,
        OptionalLong sentOctets,
        List<Block> blocks) {

    public RtcpReport {
        blocks = List.copyOf(blocks);
    }

    /** Which of the two events this was. */
    public enum Direction {
        SENT, RECEIVED
    }

    /**
     * One RTCP report block ({@code ReportX...} fields of the event).
     *
     * @param index            X in {@code ReportX...}
     * @param sourceSsrc       {@code ReportXSourceSSRC}: the stream the block is about
     * @param fractionLost     {@code ReportXFractionLost / 256}: share lost since the previous report, 0..1
     * @param cumulativeLost   {@code ReportXCumulativeLost}: packets lost since the start (signed per RFC 3550)
     * @param highestSequence  {@code ReportXHighestSequence}
     * @param sequenceCycles   {@code ReportXSequenceNumberCycles}
     * @param iaJitterUnits    {@code ReportXIAJitter}: interarrival jitter in RTP timestamp units
     * @param iaJitterSeconds  {@code iaJitterUnits / sampleRateHz}
     * @param lsr              {@code ReportXLSR}: middle 32 bits of the last SR's NTP time
     * @param dlsrSeconds      {@code ReportXDLSR}: delay since that SR, printed in seconds
     */
    public record Block(
            int index,
            OptionalLong sourceSsrc,
            OptionalDouble fractionLost,
            OptionalLong cumulativeLost,
            OptionalLong highestSequence,
            OptionalLong sequenceCycles,
            OptionalLong iaJitterUnits,
            OptionalDouble iaJitterSeconds,
            OptionalLong lsr,
            OptionalDouble dlsrSeconds) {
    }
}
