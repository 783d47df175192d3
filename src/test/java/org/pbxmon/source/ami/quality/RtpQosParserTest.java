package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

class RtpQosParserTest {
    private static final String CH = "PJSIP/102-00000000";
    private static final double EPS = 1e-9;

    @Test
    void theCapturedSummaryOfTheCallTo102() throws Exception {
        String value = Capture.varSet(CH, "RTPAUDIOQOS");
        assertEquals("ssrc=475296280;themssrc=1794046483;lp=0;rxjitter=0.000000;rxcount=200;txjitter=0.000125;"
                + "txcount=0;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=88.087887", value);
        RtpQos q = RtpQosParser.summary(value);
        assertEquals(OptionalLong.of(475296280L), q.ssrc());
        assertEquals(OptionalLong.of(1794046483L), q.themSsrc());
        assertEquals(OptionalLong.of(0), q.lp());
        assertEquals(OptionalLong.of(200), q.rxCount());
        assertEquals(OptionalLong.of(0), q.txCount());
        assertEquals(OptionalLong.of(0), q.rlp());
        assertEquals(0.000125, q.receivedStreamJitterSeconds().getAsDouble(), EPS);
        assertEquals(88.087887, q.receivedStreamMes().getAsDouble(), EPS);
        assertEquals(0.0, q.sentStreamJitterSeconds().getAsDouble(), EPS);
        assertEquals(0.0, q.sentStreamMes().getAsDouble(), EPS);
        assertEquals(0.0, q.rttSeconds().getAsDouble(), EPS);
        assertEquals(0.0, q.receivedLossRatio().getAsDouble(), EPS);
        assertTrue(q.sentLossRatio().isEmpty(), "nothing sent: no ratio");
        assertFalse(q.isEmpty());
    }

    @Test
    void theCapturedSpreadsOfTheCallTo102() throws Exception {
        RtpQosStats j = RtpQosParser.stats(RtpQosStats.Kind.JITTER, Capture.varSet(CH, "RTPAUDIOQOSJITTER"));
        assertEquals(0.0, j.rx().min().getAsDouble(), EPS);
        assertEquals(0.000125, j.rx().max().getAsDouble(), EPS);
        assertEquals(0.000001, j.rx().avg().getAsDouble(), EPS);
        assertEquals(0.000009, j.rx().stdev().getAsDouble(), EPS);
        assertEquals(0.0, j.tx().max().getAsDouble(), EPS);

        String loss = Capture.varSet(CH, "RTPAUDIOQOSLOSS");
        assertTrue(loss.startsWith("minrxlost=000.000000;  maxrxlost="), loss);
        RtpQosStats l = RtpQosParser.stats(RtpQosStats.Kind.LOSS, loss);
        for (RtpQosStats.Spread s : List.of(l.rx(), l.tx())) {
            for (OptionalDouble d : List.of(s.min(), s.max(), s.avg(), s.stdev())) {
                assertEquals(OptionalDouble.of(0.0), d);
            }
        }

        RtpQosStats r = RtpQosParser.stats(RtpQosStats.Kind.RTT, Capture.varSet(CH, "RTPAUDIOQOSRTT"));
        assertEquals(OptionalDouble.of(0.0), r.rx().max());
        assertTrue(r.tx().isUnknown());

        RtpQosStats m = RtpQosParser.stats(RtpQosStats.Kind.MES, Capture.varSet(CH, "RTPAUDIOQOSMES"));
        assertEquals(88.087887, m.rx().min().getAsDouble(), EPS);
        assertEquals(88.087887, m.rx().avg().getAsDouble(), EPS);
        assertEquals(0.0, m.rx().stdev().getAsDouble(), EPS);
        assertEquals(0.0, m.tx().avg().getAsDouble(), EPS);
    }

    @Test
    void summaryTxNamesTheReceivedStreamAsTheSpreadsRxAndRtcpSentDo() throws Exception {
        RtpQos q = RtpQosParser.summary(Capture.varSet(CH, "RTPAUDIOQOS"));
        RtpQosStats mes = RtpQosParser.stats(RtpQosStats.Kind.MES, Capture.varSet(CH, "RTPAUDIOQOSMES"));
        RtpQosStats jit = RtpQosParser.stats(RtpQosStats.Kind.JITTER, Capture.varSet(CH, "RTPAUDIOQOSJITTER"));
        assertEquals(mes.rx().avg().getAsDouble(), q.txMes().getAsDouble(), EPS);
        assertEquals(jit.rx().max().getAsDouble(), q.txJitter().getAsDouble(), EPS);
        AmiMessage sent = Capture.events("RTCPSent").stream().filter(e -> CH.equals(e.get("Channel")))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(Double.parseDouble(sent.get("MES")), q.receivedStreamMes().getAsDouble(), 0.05);
    }

    @Test
    void everyCapturedQosVariableParsesCompletely() throws Exception {
        int summaries = 0;
        int spreads = 0;
        for (AmiMessage m : Capture.events("VarSet")) {
            String var = m.get("Variable");
            if (!RtpQosParser.isQosVariable(var)) {
                continue;
            }
            RtpQosStats.Kind kind = RtpQosStats.Kind.ofVariable(var);
            if (kind == null) {
                RtpQos q = RtpQosParser.summary(m.get("Value"));
                assertTrue(q.ssrc().isPresent() && q.themSsrc().isPresent() && q.lp().isPresent()
                        && q.rxJitter().isPresent() && q.rxCount().isPresent() && q.txJitter().isPresent()
                        && q.txCount().isPresent() && q.rlp().isPresent() && q.rtt().isPresent()
                        && q.rxMes().isPresent() && q.txMes().isPresent(), m.get("Value"));
                summaries++;
            } else {
                RtpQosStats s = RtpQosParser.stats(kind, m.get("Value"));
                assertFalse(s.rx().min().isEmpty() || s.rx().max().isEmpty() || s.rx().avg().isEmpty()
                        || s.rx().stdev().isEmpty(), m.get("Value"));
                assertEquals(kind == RtpQosStats.Kind.RTT, s.tx().isUnknown(), m.get("Value"));
                spreads++;
            }
        }
        assertEquals(3, summaries);
        assertEquals(12, spreads);
    }

    @Test
    void paddedRawValuesWithLeadingBlanks() {
        RtpQosStats l = RtpQosParser.stats(RtpQosStats.Kind.LOSS,
                "  minrxlost=000.000000;  maxrxlost=012.500000;  avgrxlost=003.250000;  stdevrxlost=000.000000;"
                        + "  mintxlost=000.000000;  maxtxlost=000.000000;  avgtxlost=000.000000;  stdevtxlost=000.000000;");
        assertEquals(12.5, l.rx().max().getAsDouble(), EPS);
        assertEquals(3.25, l.rx().avg().getAsDouble(), EPS);
        RtpQosStats r = RtpQosParser.stats(RtpQosStats.Kind.RTT,
                "     minrtt=000.010000;     maxrtt=000.250000;     avgrtt=000.040000;     stdevrtt=000.005000;");
        assertEquals(0.25, r.rx().max().getAsDouble(), EPS);
    }

    @Test
    void absentEmptyAndGarbageAreUnknownNeverZero() {
        for (String v : new String[] {null, "", "   ", "garbage", ";;;", "==;=;", "ssrc", "lp=;rxjitter=;"}) {
            RtpQos q = RtpQosParser.summary(v);
            assertTrue(q.isEmpty(), String.valueOf(v));
            assertTrue(q.receivedLossRatio().isEmpty());
            assertTrue(RtpQosParser.stats(RtpQosStats.Kind.MES, v).rx().isUnknown(), String.valueOf(v));
        }
        RtpQos q = RtpQosParser.summary("rxjitter=-0.1;txjitter=NaN;rtt=Infinity;rxmes=1e3;txmes=0x10;"
                + "rxcount=-5;txcount=99999999999999999999;ssrc=4294967296;themssrc=12a;lp=1.5;rlp=--1");
        assertTrue(q.isEmpty(), q.toString());
    }

    @Test
    void missingAndUnknownFieldsAndOddSpellings() {
        RtpQos q = RtpQosParser.summary("future=7; LP = 5 ;RXCOUNT=95;rxcount=1;txmes=+75.5;x=;=3;txcount=100;rlp=-2");
        assertEquals(OptionalLong.of(5), q.lp());
        assertEquals(OptionalLong.of(95), q.rxCount(), "a repeated key keeps its first value");
        assertEquals(0.05, q.receivedLossRatio().getAsDouble(), EPS);
        assertEquals(75.5, q.txMes().getAsDouble(), EPS);
        assertEquals(OptionalLong.of(-2), q.rlp(), "lost counts are signed (duplicates)");
        assertEquals(0.0, q.sentLossRatio().getAsDouble(), EPS, "negative loss clamps to 0");
        assertTrue(q.ssrc().isEmpty());
        assertTrue(q.rtt().isEmpty());
        assertTrue(q.rxJitter().isEmpty());

        RtpQosStats j = RtpQosParser.stats(RtpQosStats.Kind.JITTER, "maxrxjitter=0.030000;avgtxjitter=.002");
        assertEquals(0.03, j.rx().max().getAsDouble(), EPS);
        assertTrue(j.rx().min().isEmpty());
        assertEquals(0.002, j.tx().avg().getAsDouble(), EPS);
    }

    @Test
    void variableNames() {
        assertTrue(RtpQosParser.isQosVariable("RTPAUDIOQOS"));
        assertTrue(RtpQosParser.isQosVariable("rtpaudioqosloss"));
        assertFalse(RtpQosParser.isQosVariable("RTPAUDIOQOSBRIDGED"));
        assertFalse(RtpQosParser.isQosVariable(null));
        assertSame(RtpQosStats.Kind.RTT, RtpQosStats.Kind.ofVariable("RTPAUDIOQOSRTT"));
        assertNull(RtpQosStats.Kind.ofVariable("RTPAUDIOQOS"));
        assertEquals("RTPAUDIOQOSMES", RtpQosStats.Kind.MES.variable());
    }
}
