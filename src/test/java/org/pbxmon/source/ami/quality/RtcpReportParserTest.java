package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

class RtcpReportParserTest {
    private static final double EPS = 1e-9;

    private static List<AmiMessage> rtcp(String channel) throws Exception {
        return Capture.callFlow().stream()
                .filter(m -> (m.isEvent("RTCPSent") || m.isEvent("RTCPReceived")) && channel.equals(m.get("Channel")))
                .toList();
    }

    @Test
    void theCapturedPairOnTheCarrierTrunk() throws Exception {
        List<AmiMessage> pair = rtcp("PJSIP/carrier-00000001");
        assertEquals(2, pair.size());

        RtcpReport rx = RtcpReportParser.parse(pair.get(0)).orElseThrow();
        assertEquals(RtcpReport.Direction.RECEIVED, rx.direction());
        assertEquals("1795384833.7", rx.uniqueid());
        assertEquals("1795384833.5", rx.linkedid());
        assertEquals(OptionalLong.of(0xeeade487L), rx.ssrc());
        assertEquals(OptionalLong.of(200), rx.packetType());
        assertEquals(OptionalLong.of(200), rx.sentPackets());
        assertEquals(OptionalLong.of(31978), rx.sentOctets());
        assertTrue(rx.blocks().isEmpty());
        assertEquals("0.0", pair.get(0).get("MES"), "the capture says MES 0.0 ...");
        assertTrue(rx.mes().isEmpty(), "... but with no report block it measures nothing");
        assertTrue(rx.rttSeconds().isEmpty());

        RtcpReport tx = RtcpReportParser.parse(pair.get(1)).orElseThrow();
        assertEquals(RtcpReport.Direction.SENT, tx.direction());
        assertEquals("PJSIP/carrier-00000001", tx.channel());
        assertEquals(OptionalLong.of(0x42ca3cf2L), tx.ssrc());
        assertEquals(OptionalLong.of(201), tx.packetType());
        assertEquals(OptionalDouble.of(88.1), tx.mes());
        assertTrue(tx.rttSeconds().isEmpty(), "RTCPSent has no RTT");
        assertTrue(tx.sentPackets().isEmpty());
        assertEquals(1, tx.blocks().size());
        RtcpReport.Block b = tx.blocks().get(0);
        assertEquals(0, b.index());
        assertEquals(OptionalLong.of(0x473b9ca2L), b.sourceSsrc());
        assertEquals(OptionalDouble.of(0.0), b.fractionLost());
        assertEquals(OptionalLong.of(0), b.cumulativeLost());
        assertEquals(OptionalLong.of(11603), b.highestSequence());
        assertEquals(OptionalLong.of(0), b.sequenceCycles());
        assertEquals(OptionalLong.of(1), b.iaJitterUnits());
        assertEquals(0.000125, b.iaJitterSeconds().getAsDouble(), EPS);
        assertEquals(OptionalLong.of(3834082134L), b.lsr());
        assertEquals(OptionalDouble.of(0.0), b.dlsrSeconds());
    }

    @Test
    void theCapturedReceiverReportWithoutBlocksOn102() throws Exception {
        List<AmiMessage> all = rtcp("PJSIP/102-00000000");
        assertEquals(4, all.size());
        RtcpReport rr = RtcpReportParser.parse(all.get(2)).orElseThrow();
        assertEquals(RtcpReport.Direction.RECEIVED, rr.direction());
        assertEquals(OptionalLong.of(201), rr.packetType());
        assertTrue(rr.blocks().isEmpty());
        assertTrue(rr.mes().isEmpty());
        RtcpReport last = RtcpReportParser.parse(all.get(3)).orElseThrow();
        assertEquals(OptionalDouble.of(5.0), last.blocks().get(0).dlsrSeconds());
    }

    @Test
    void everyCapturedRtcpEventParses() throws Exception {
        int n = 0;
        for (AmiMessage m : Capture.callFlow()) {
            if (m.isEvent("RTCPSent") || m.isEvent("RTCPReceived")) {
                RtcpReport r = RtcpReportParser.parse(m).orElseThrow();
                assertEquals(Long.parseLong(m.get("ReportCount")), r.blocks().size());
                assertTrue(r.ssrc().isPresent() && r.packetType().isPresent());
                n++;
            }
        }
        assertEquals(6, n);
    }

    @Test
    void conversionsOnAReportWithLossJitterAndRtt() {
        AmiMessage m = AmiMessage.of("Event: RTCPReceived\r\nChannel: PJSIP/carrier-00000009\r\nRTT: 0.0421\r\n"
                + "MES: 72.5\r\nSSRC: 0x0000ABCD\r\nPT: 201(RR)\r\nReportCount: 2\r\n"
                + "Report0SourceSSRC: 0x1\r\nReport0FractionLost: 64\r\nReport0CumulativeLost: -3\r\n"
                + "Report0IAJitter: 160\r\nReport1SourceSSRC: 0x2\r\nReport1FractionLost: 300\r\n"
                + "Report1IAJitter: x\r\nReport1DLSR: \r\n");
        RtcpReport r = RtcpReportParser.parse(m, 16000).orElseThrow();
        assertEquals(OptionalDouble.of(72.5), r.mes());
        assertEquals(0.0421, r.rttSeconds().getAsDouble(), EPS);
        assertEquals(OptionalLong.of(0xABCD), r.ssrc());
        assertEquals(2, r.blocks().size());
        assertEquals(0.25, r.blocks().get(0).fractionLost().getAsDouble(), EPS);
        assertEquals(OptionalLong.of(-3), r.blocks().get(0).cumulativeLost());
        assertEquals(0.01, r.blocks().get(0).iaJitterSeconds().getAsDouble(), EPS);
        assertTrue(r.blocks().get(1).fractionLost().isEmpty(), "300/256 is not a fraction");
        assertTrue(r.blocks().get(1).iaJitterSeconds().isEmpty());
        assertTrue(r.blocks().get(1).dlsrSeconds().isEmpty());
        assertTrue(r.blocks().get(1).highestSequence().isEmpty());
        assertEquals(0.02, RtcpReportParser.parse(m, 0).orElseThrow().blocks().get(0).iaJitterSeconds().getAsDouble(),
                EPS, "a bad rate falls back to 8 kHz");
    }

    @Test
    void countAndPresentBlocksDisagree() {
        AmiMessage fewer = AmiMessage.of("Event: RTCPSent\r\nMES: abc\r\nPT: junk\r\nReportCount: 3\r\n"
                + "Report1FractionLost: 128\r\n");
        RtcpReport r = RtcpReportParser.parse(fewer).orElseThrow();
        assertEquals(1, r.blocks().size());
        assertEquals(1, r.blocks().get(0).index());
        assertEquals(0.5, r.blocks().get(0).fractionLost().getAsDouble(), EPS);
        assertTrue(r.mes().isEmpty());
        assertTrue(r.packetType().isEmpty());
        assertTrue(r.ssrc().isEmpty());
        assertEquals(null, r.channel());

        AmiMessage more = AmiMessage.of("Event: RTCPSent\r\nReportCount: 0\r\nReport0IAJitter: 8\r\n");
        assertEquals(0.001, RtcpReportParser.parse(more).orElseThrow().blocks().get(0).iaJitterSeconds().getAsDouble(),
                EPS);
    }

    @Test
    void notRtcp() {
        assertTrue(RtcpReportParser.parse(null).isEmpty());
        assertTrue(RtcpReportParser.parse(AmiMessage.of("Event: Hangup\r\nCause: 16\r\n")).isEmpty());
        assertTrue(RtcpReportParser.parse(AmiMessage.of("Response: RTCPSent\r\n")).isEmpty());
    }
}
