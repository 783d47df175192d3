package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.sim.SimRecorder.captured;
import static org.pbxmon.sim.SimRecorder.capturedVarSet;
import static org.pbxmon.sim.SimRecorder.events;
import static org.pbxmon.sim.SimRecorder.keys;
import static org.pbxmon.sim.SimRecorder.names;
import static org.pbxmon.sim.SimRecorder.on;
import static org.pbxmon.sim.SimRecorder.shape;
import static org.pbxmon.sim.SimRecorder.varSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.quality.RtcpReport;
import org.pbxmon.source.ami.quality.RtcpReportParser;
import org.pbxmon.source.ami.quality.RtpQos;
import org.pbxmon.source.ami.quality.RtpQosParser;
import org.pbxmon.source.ami.quality.RtpQosStats;
import org.pbxmon.source.ami.wire.AmiMessage;

/** RTCPSent / RTCPReceived during calls and the RTPAUDIOQOS variables at hangup, against the real capture. */
class QualityEventsTest {
    private static final Quality BAD = new Quality(61.5, 0.045, 0.05, 0.312);
    private static final String[] QOS_VARS = {"RTPAUDIOQOS", "RTPAUDIOQOSJITTER", "RTPAUDIOQOSLOSS",
        "RTPAUDIOQOSRTT", "RTPAUDIOQOSMES"};

    private static RtcpReport rtcp(AmiMessage m) {
        return RtcpReportParser.parse(m).orElseThrow();
    }

    /** Field names of an SR with one block: the capture's SR followed by the block of the capture's RTCPSent. */
    private static List<String> srWithBlockKeys() throws Exception {
        List<String> k = new ArrayList<>(keys(captured(m -> m.isEvent("RTCPReceived") && m.is("PT", "200(SR)"))));
        for (String s : keys(captured("RTCPSent"))) {
            if (s.startsWith("Report0")) {
                k.add(s);
            }
        }
        return k;
    }

    @Test
    void rtcpEveryIntervalOnMediaLegsWithCaptureFieldsAndScriptedValues() throws Exception {
        SimRecorder r = SimRecorder.lab();
        assertEquals(Duration.ofSeconds(5), r.world.rtcpInterval());
        r.world.setEndpointQuality("carrier", BAD);
        SimCall call = r.world.startCall("102", "carrier");
        r.advance(3000);
        r.world.emitRtcpDue();
        assertTrue(events(r.take(), "RTCPSent").isEmpty(), "no RTCP before answer");
        r.world.answer(call);
        r.take();
        r.advance(4999);
        r.world.emitRtcpDue();
        assertTrue(r.take().isEmpty(), "first report one interval after answer");
        r.advance(1);
        r.world.emitRtcpDue();
        List<AmiMessage> ms = r.take();
        assertEquals(List.of("RTCPReceived", "RTCPSent", "RTCPReceived", "RTCPSent"), names(ms));
        r.world.emitRtcpDue();
        assertTrue(r.take().isEmpty(), "once per interval");

        AmiMessage sent = on(ms, "RTCPSent", "PJSIP/carrier-").get(0);
        AmiMessage received = on(ms, "RTCPReceived", "PJSIP/carrier-").get(0);
        assertEquals(keys(captured("RTCPSent")), keys(sent));
        assertEquals(srWithBlockKeys(), keys(received));
        assertEquals("reporting,all", sent.get("Privilege"));
        assertEquals("201(RR)", sent.get("PT"));
        assertEquals("200(SR)", received.get("PT"));
        assertEquals("0.3120", received.get("RTT"));
        assertEquals(sent.get("Report0SourceSSRC"), received.get("SSRC"));
        assertEquals(received.get("Report0SourceSSRC"), sent.get("SSRC"));
        assertEquals("13", sent.get("Report0FractionLost"));
        assertEquals("360", sent.get("Report0IAJitter"));
        assertEquals("13", sent.get("Report0CumulativeLost")); // 250 packets at 5 %

        RtcpReport s = rtcp(sent);
        assertEquals(61.5, s.mes().getAsDouble(), 0.05);
        assertEquals(0.05, s.blocks().get(0).fractionLost().getAsDouble(), 1 / 512.0);
        assertEquals(0.045, s.blocks().get(0).iaJitterSeconds().getAsDouble(), 1 / 16000.0);
        RtcpReport rc = rtcp(received);
        assertEquals(0.312, rc.rttSeconds().getAsDouble(), 0.00005);
        assertEquals(61.5, rc.mes().getAsDouble(), 0.05);
        assertEquals(0.05, rc.blocks().get(0).fractionLost().getAsDouble(), 1 / 512.0);
        assertEquals(250, rc.sentPackets().getAsLong());

        // the phone's leg keeps the healthy default: MES 92, jitter 2 ms, no loss, RTT 20 ms
        RtcpReport phone = rtcp(on(ms, "RTCPSent", "PJSIP/102-").get(0));
        assertEquals(92.0, phone.mes().getAsDouble(), 0.05);
        assertEquals(16, phone.blocks().get(0).iaJitterUnits().getAsLong());
        assertEquals(0.0, phone.blocks().get(0).fractionLost().getAsDouble());
        assertEquals(0.020, rtcp(on(ms, "RTCPReceived", "PJSIP/102-").get(0)).rttSeconds().getAsDouble(), 1e-9);

        // a shorter interval applies from the next report; rtcp(call) reports at once
        r.world.setRtcpInterval(Duration.ofSeconds(2));
        r.advance(5000);
        r.world.emitRtcpDue();
        assertEquals(4, r.take().size());
        r.advance(2000);
        r.world.emitRtcpDue();
        assertEquals(4, r.take().size());
        r.world.rtcp(call);
        assertEquals(4, r.take().size());
        r.world.hangup(call, 16);
    }

    @Test
    void farEndWithoutReportBlocksSendsTheCapturedSrShape() throws Exception {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startCall("103", "carrier");
        r.world.setQuality(call, BAD.withoutFarEndReports());
        r.world.answer(call);
        r.advance(5000);
        r.world.rtcp(call);
        List<AmiMessage> ms = r.take();
        AmiMessage received = on(ms, "RTCPReceived", "PJSIP/carrier-").get(0);
        AmiMessage captureSr = captured(m -> m.isEvent("RTCPReceived") && m.is("PT", "200(SR)"));
        assertEquals(keys(captureSr), keys(received));
        assertEquals("0", received.get("ReportCount"));
        RtcpReport rc = rtcp(received);
        assertTrue(rc.rttSeconds().isEmpty() && rc.mes().isEmpty() && rc.blocks().isEmpty());
        assertEquals(61.5, rtcp(on(ms, "RTCPSent", "PJSIP/carrier-").get(0)).mes().getAsDouble(), 0.05);
    }

    @Test
    void rtpAudioQosBeforeEachMediaLegsHangupParsesToTheScriptedValues() throws Exception {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startLocalCall("103");
        r.world.answer(call);
        r.world.setQuality(call, new Quality(58.25, 0.0375, 0.04, 0.2875));
        for (int i = 0; i < 4; i++) {
            r.advance(2500);
            r.world.rtcp(call);
        }
        r.take();
        r.world.hangup(call, 16);
        String raw = r.text();
        List<AmiMessage> ms = r.take();
        // only the PJSIP leg: five VarSets right before its Hangup; the Local legs get none
        List<String> order = new ArrayList<>();
        for (AmiMessage m : ms) {
            if (m.has("Channel") && m.get("Channel").startsWith("PJSIP/103-")
                    && (m.isEvent("VarSet") || m.isEvent("Hangup"))) {
                order.add(m.isEvent("Hangup") ? "Hangup" : m.get("Variable"));
            }
        }
        assertEquals(List.of(QOS_VARS[0], QOS_VARS[1], QOS_VARS[2], QOS_VARS[3], QOS_VARS[4], "Hangup"), order);
        assertTrue(on(ms, "VarSet", "Local/").isEmpty());
        int hangupAt = ms.indexOf(on(ms, "Hangup", "PJSIP/103-").get(0));
        assertEquals("RTPAUDIOQOSMES", ms.get(hangupAt - 1).get("Variable"));

        String text = SimRecorder.captureText();
        for (String v : QOS_VARS) {
            AmiMessage mine = varSet(ms, "PJSIP/103-", v);
            assertEquals(keys(capturedVarSet("PJSIP/carrier-", v)), keys(mine), v);
            assertEquals("dialplan,all", mine.get("Privilege"));
            if (!v.equals("RTPAUDIOQOS")) {
                // padded %010.6f values and the leading blanks of LOSS / RTT / MES, byte for byte
                assertEquals(shape(SimRecorder.rawValueLine(text, v)), shape(SimRecorder.rawValueLine(raw, v)), v);
            }
        }
        String summary = varSet(ms, "PJSIP/103-", "RTPAUDIOQOS").get("Value");
        assertEquals(fieldNames(capturedVarSet("PJSIP/carrier-", "RTPAUDIOQOS").get("Value")), fieldNames(summary));

        RtpQos q = RtpQosParser.summary(summary);
        assertEquals(58.25, q.receivedStreamMes().getAsDouble(), 1e-6);
        assertEquals(58.25, q.sentStreamMes().getAsDouble(), 1e-6);
        assertEquals(0.0375, q.receivedStreamJitterSeconds().getAsDouble(), 1e-6);
        assertEquals(0.0375, q.sentStreamJitterSeconds().getAsDouble(), 1e-6);
        assertEquals(0.2875, q.rttSeconds().getAsDouble(), 1e-6);
        assertEquals(0.04, q.receivedLossRatio().getAsDouble(), 0.002);
        assertEquals(0.04, q.sentLossRatio().getAsDouble(), 0.002);
        assertEquals(500, q.txCount().getAsLong()); // 10 s at 50 packets/s
        assertEquals(500, q.rxCount().getAsLong() + q.lp().getAsLong());

        RtpQosStats mes = RtpQosParser.stats(RtpQosStats.Kind.MES, varSet(ms, "PJSIP/103-", "RTPAUDIOQOSMES").get("Value"));
        assertEquals(58.25, mes.rx().min().getAsDouble(), 1e-6);
        assertEquals(58.25, mes.rx().avg().getAsDouble(), 1e-6);
        assertEquals(58.25, mes.tx().max().getAsDouble(), 1e-6);
        RtpQosStats jit = RtpQosParser.stats(RtpQosStats.Kind.JITTER,
                varSet(ms, "PJSIP/103-", "RTPAUDIOQOSJITTER").get("Value"));
        assertEquals(0.0375, jit.rx().max().getAsDouble(), 1e-6);
        RtpQosStats rtt = RtpQosParser.stats(RtpQosStats.Kind.RTT, varSet(ms, "PJSIP/103-", "RTPAUDIOQOSRTT").get("Value"));
        assertEquals(0.2875, rtt.rx().avg().getAsDouble(), 1e-6);
        RtpQosStats loss = RtpQosParser.stats(RtpQosStats.Kind.LOSS,
                varSet(ms, "PJSIP/103-", "RTPAUDIOQOSLOSS").get("Value"));
        assertEquals(5.0, loss.rx().avg().getAsDouble(), 1e-6); // 125 packets per report at 4 %
    }

    @Test
    void noMediaCallHasTheCapturedAllZeroQosAndNoRtcp() throws Exception {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startCall("101", "103");
        r.world.setQuality(call, Quality.NO_MEDIA);
        r.world.answer(call);
        for (int i = 0; i < 4; i++) {
            r.advance(5000);
            r.world.emitRtcpDue();
            r.world.rtcp(call);
        }
        r.world.noise(64);
        List<AmiMessage> during = r.take();
        assertTrue(on(during, "RTCPSent", "PJSIP/").isEmpty() && events(during, "RTCPReceived").isEmpty());
        r.world.hangup(call, 16);
        String raw = r.text();
        List<AmiMessage> ms = r.take();
        String captureText = SimRecorder.captureText();
        for (String v : QOS_VARS) {
            // the capture's first RTPAUDIOQOS* are those of PJSIP/103-00000002, answered into Wait() without RTP
            String expected = SimRecorder.rawValueLine(captureText, v).replaceFirst("ssrc=\\d+", "ssrc=S");
            assertEquals(expected, SimRecorder.rawValueLine(raw, v).replaceFirst("ssrc=\\d+", "ssrc=S"), v);
            for (String leg : List.of("PJSIP/101-", "PJSIP/103-")) {
                assertEquals(capturedVarSet("PJSIP/103-", v).get("Value").replaceFirst("ssrc=\\d+", "ssrc=S"),
                        varSet(ms, leg, v).get("Value").replaceFirst("ssrc=\\d+", "ssrc=S"), leg + v);
            }
        }
        RtpQos q = RtpQosParser.summary(varSet(ms, "PJSIP/103-", "RTPAUDIOQOS").get("Value"));
        assertEquals(0, q.rxCount().getAsLong());
        assertEquals(0, q.txCount().getAsLong());
        assertTrue(q.ssrc().isPresent());
    }

    @Test
    void unansweredLegsSetNoQosAndQualityIsValidated() {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startCall("102", "carrier");
        r.advance(4000);
        r.world.hangup(call, 17);
        assertTrue(events(r.take(), "VarSet").stream().noneMatch(m -> m.get("Variable").startsWith("RTPAUDIOQOS")));
        assertThrows(IllegalArgumentException.class, () -> new Quality(120, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Quality(90, 0, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> r.world.setEndpointQuality("nope", Quality.HEALTHY));
        r.world.setEndpointQuality("carrier-iax", BAD);
        assertEquals(BAD, r.world.endpointQuality("carrier-iax"));
        r.world.setEndpointQuality("carrier-iax", null);
        assertEquals(Quality.HEALTHY, r.world.endpointQuality("carrier-iax"));
    }

    private static List<String> fieldNames(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(";")) {
            out.add(part.substring(0, part.indexOf('=')));
        }
        return out;
    }
}
