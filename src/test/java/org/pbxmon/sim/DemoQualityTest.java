package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.sim.SimRecorder.events;
import static org.pbxmon.sim.SimRecorder.filter;
import static org.pbxmon.sim.SimRecorder.on;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbxmon.source.ami.quality.RtcpReport;
import org.pbxmon.source.ami.quality.RtcpReportParser;
import org.pbxmon.source.ami.quality.RtpQos;
import org.pbxmon.source.ami.quality.RtpQosParser;
import org.pbxmon.source.ami.wire.AmiMessage;

/** The demo moves every call-quality figure within its first minute (seed 42 is the one --demo runs). */
class DemoQualityTest {
    private static final int MINUTE = 240;

    private static List<List<AmiMessage>> run(long seed, int ticks) {
        SimWorld w = SimWorld.demo();
        List<Ev> evs = new ArrayList<>();
        w.addSink(evs::add);
        DemoScenario d = DemoScenario.unstarted(w, seed);
        assertEquals(Duration.ofSeconds(2), w.rtcpInterval());
        assertEquals("carrier", w.views().trunks().get(0));
        assertEquals("support", w.views().queueNames().get(0));
        List<List<AmiMessage>> perTick = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            d.step();
            List<AmiMessage> ms = new ArrayList<>();
            for (Ev e : evs) {
                ms.add(AmiMessage.of(e.text));
            }
            evs.clear();
            perTick.add(ms);
        }
        d.close();
        assertEquals(0, w.channelCount());
        return perTick;
    }

    private static List<AmiMessage> flat(List<List<AmiMessage>> l, int from, int to) {
        List<AmiMessage> out = new ArrayList<>();
        l.subList(from, to).forEach(out::addAll);
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 7})
    void everyFigureMovesWithinAMinute(long seed) {
        List<List<AmiMessage>> ticks = run(seed, 300);
        List<AmiMessage> minute = flat(ticks, 0, MINUTE);

        // the first trunk degrades from 25 s; healthy before, and the other trunks stay healthy
        List<Double> carrierMes = new ArrayList<>();
        for (AmiMessage m : on(minute, "RTCPSent", "PJSIP/carrier-")) {
            carrierMes.add(RtcpReportParser.parse(m).orElseThrow().mes().getAsDouble());
        }
        assertTrue(carrierMes.stream().anyMatch(v -> v >= 55 && v <= 65), "degraded MES " + carrierMes);
        for (AmiMessage m : on(flat(ticks, 0, 100), "RTCPSent", "PJSIP/carrier-")) {
            assertEquals(92.0, RtcpReportParser.parse(m).orElseThrow().mes().getAsDouble(), 0.05);
        }
        List<AmiMessage> degraded = on(flat(ticks, 101, 259), "RTCPReceived", "PJSIP/carrier-");
        assertFalse(degraded.isEmpty());
        for (AmiMessage m : degraded) {
            RtcpReport r = RtcpReportParser.parse(m).orElseThrow();
            assertTrue(r.rttSeconds().getAsDouble() >= 0.25 && r.rttSeconds().getAsDouble() <= 0.4, m.toString());
            double loss = r.blocks().get(0).fractionLost().getAsDouble();
            assertTrue(loss >= 0.025 && loss <= 0.085, "loss " + loss);
            double jitter = r.blocks().get(0).iaJitterSeconds().getAsDouble();
            assertTrue(jitter >= 0.03 && jitter <= 0.06, "jitter " + jitter);
        }
        for (AmiMessage m : filter(minute, x -> x.isEvent("RTCPSent") && !x.get("Channel").startsWith("PJSIP/carrier-")
                && !x.get("Channel").startsWith("Local/"))) {
            assertEquals(92.0, RtcpReportParser.parse(m).orElseThrow().mes().getAsDouble(), 0.05, m.get("Channel"));
        }

        // dial outcomes through the first trunk, with their causes
        Set<String> outcomes = new TreeSet<>();
        for (AmiMessage m : events(minute, "DialEnd")) {
            if (m.get("DestChannel").startsWith("PJSIP/carrier-")) {
                outcomes.add(m.get("DialStatus"));
            }
        }
        assertTrue(outcomes.containsAll(List.of("BUSY", "NOANSWER", "CONGESTION", "CANCEL")), outcomes.toString());
        Set<String> causes = new TreeSet<>();
        on(minute, "Hangup", "PJSIP/carrier-").forEach(m -> causes.add(m.get("Cause")));
        assertTrue(causes.containsAll(List.of("16", "17", "19", "34")), causes.toString());

        // the first queue: normally answered within a few seconds, a burst that waits over 20 s
        List<Integer> holds = new ArrayList<>();
        filter(minute, m -> m.isEvent("AgentConnect") && m.is("Queue", "support"))
                .forEach(m -> holds.add(Integer.parseInt(m.get("HoldTime"))));
        assertTrue(holds.stream().anyMatch(h -> h <= 4), "quick answers " + holds);
        assertTrue(holds.stream().anyMatch(h -> h > 20), "slow answers " + holds);
        assertTrue(filter(minute, m -> m.isEvent("QueueCallerAbandon") && m.is("Queue", "support"))
                .stream().anyMatch(m -> Integer.parseInt(m.get("HoldTime")) > 15));
        assertFalse(events(minute, "AgentComplete").isEmpty());

        // a call without media, and the degraded trunk call's summary at hangup
        List<RtpQos> qos = new ArrayList<>();
        List<RtpQos> carrierQos = new ArrayList<>();
        for (AmiMessage m : filter(flat(ticks, 0, 300), x -> x.isEvent("VarSet") && x.is("Variable", "RTPAUDIOQOS"))) {
            RtpQos q = RtpQosParser.summary(m.get("Value"));
            (m.get("Channel").startsWith("PJSIP/carrier-") ? carrierQos : qos).add(q);
        }
        assertTrue(qos.stream().anyMatch(q -> q.rxCount().getAsLong() == 0 && q.txCount().getAsLong() == 0));
        assertTrue(carrierQos.stream().anyMatch(q -> q.receivedStreamMes().getAsDouble() < 66
                && q.receivedLossRatio().getAsDouble() > 0.02), "degraded summaries");
    }
}
