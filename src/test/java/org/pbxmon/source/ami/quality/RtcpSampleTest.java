package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

/** The hot path's lean sample agrees with the full parser on the real RTCP frames and on mutations of them. */
class RtcpSampleTest {
    private static double nan(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private static void agree(AmiMessage m) {
        RtcpReport r = RtcpReportParser.parse(m).orElseThrow();
        RtcpReportParser.Sample s = RtcpReportParser.sample(m);
        String what = m.toString();
        assertEquals(r.direction() == RtcpReport.Direction.SENT, s.sent(), what);
        assertEquals(r.uniqueid(), s.uniqueid(), what);
        RtcpReport.Block b = r.blocks().isEmpty() || r.blocks().get(0).index() != 0 ? null : r.blocks().get(0);
        assertEquals(b != null, s.block(), what);
        assertEquals(nan(r.mes()), s.mes(), 1e-12, what);
        assertEquals(s.sent() ? Double.NaN : nan(r.rttSeconds()), s.rttSeconds(), 1e-12, what);
        if (b != null) {
            assertEquals(nan(b.fractionLost()), s.fractionLost(), 1e-12, what);
            assertEquals(nan(b.iaJitterSeconds()), s.jitterSeconds(), 1e-12, what);
        }
    }

    @Test
    void agreesOnTheCaptureAndOnMutations() throws Exception {
        List<AmiMessage> frames = new ArrayList<>();
        for (AmiMessage m : Capture.callFlow()) {
            if (m.isEvent("RTCPSent") || m.isEvent("RTCPReceived")) {
                frames.add(m);
            }
        }
        assertEquals(6, frames.size());
        String[][] edits = {
            {"MES: 88.1", "MES: garbage"}, {"MES: 88.1", "MES: -3"}, {"Report0FractionLost: 0", "Report0FractionLost: 300"},
            {"Report0FractionLost: 0", "Report0FractionLost: 64"}, {"Report0IAJitter: 1", "Report0IAJitter: x"},
            {"Report0IAJitter: 1", "Report0IAJitter: 800"}, {"RTT: 0.0000", "RTT: 0.1500"},
            {"ReportCount: 0", "ReportCount: 1\r\nReport0SourceSSRC: 0x1\r\nReport0FractionLost: 5\r\nReport0IAJitter: 40"},
            {"MES: 88.1", "mes: 88.1"}, {"MES: 88.1", "MES: 12.5\r\nMES: 99"}, {"MES: 88.1", "MES: 088.100000"},
            {"MES: 88.1", "MES:  88.1  "}, {"MES: 88.1", "MES: 1234567890123456789012"},
            {"Report0IAJitter: 1", "Report0IAJitter: +12"}, {"Report0IAJitter: 1", "report0iajitter: 7"},
            {"Report0IAJitter: 1", "Report0IAJitter: 99999999999999999999"},
            {"Report0IAJitter: 1", "Report0IAJitter: 5\r\nReport0IAJitter: 9"},
            {"Report0FractionLost: 0", "REPORT0FRACTIONLOST: 17"}, {"Uniqueid: ", "uniqueid: "},
            {"RTT: 0.0000", "rtt: 0.2"}, {"RTT: 0.0000", "RTT: 1e2"},
        };
        int checked = 0;
        for (AmiMessage m : frames) {
            agree(m);
            String text = m.toString().replace("\n", "\r\n") + "\r\n";
            for (String[] e : edits) {
                if (text.contains(e[0])) {
                    agree(AmiMessage.of(text.replace(e[0], e[1])));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 30, "mutations checked: " + checked);
        assertNull(RtcpReportParser.sample(AmiMessage.of("Event: Hangup\r\nUniqueid: 1\r\n\r\n")));
    }
}
