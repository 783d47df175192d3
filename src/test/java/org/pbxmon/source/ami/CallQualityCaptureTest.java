package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.QualityConfig;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.CallSeries;
import org.pbxmon.model.QueueService;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.testing.AmiFixtures;

/** Call quality from the real call-flow capture of Asterisk 22.10.1, replayed through the reducer. */
class CallQualityCaptureTest {
    private final AtomicLong clock = new AtomicLong(1_795_384_832_000L);
    private final PbxState state = new PbxState(QualityConfig.DEFAULTS, "monitor");
    private final AmiEventReducer reducer = new AmiEventReducer(state, clock::get);

    private CallQuality replay() throws Exception {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier", "IAX2/carrier-iax", "carrier-iax"));
        for (AmiMessage m : AmiFixtures.messages("call-flow-events.txt")) {
            if (m.isEvent() && AmiEventReducer.tracked(m)) {
                clock.addAndGet(10);
                reducer.apply(m);
            }
        }
        clock.addAndGet(10_000);
        return state.calls.snapshot(clock.get(), state::trunkOf, List.of("support", "sales", "overflow"));
    }

    private static CallSeries series(CallQuality q, String kind, String trunk, String direction) {
        return q.series().stream().filter(s -> s.key().kind().equals(kind) && s.key().trunk().equals(trunk)
                && s.key().direction().equals(direction)).findFirst().orElseThrow(() -> new AssertionError(
                        kind + "/" + trunk + "/" + direction + " not in " + q.series()));
    }

    @Test
    void theSipTrunkCallIsOutboundAnsweredAndScoredFromItsRtpSummary() throws Exception {
        CallQuality q = replay();
        CallSeries c = series(q, "trunk", "carrier", "outbound");
        assertEquals(1L, c.attempts().get("answered"));
        assertEquals(1L, c.causes().get("normal_clearing"));
        // RTPAUDIOQOS txmes=88.087887 is the received stream's MES (Asterisk's naming is inverted there)
        assertEquals(1, c.mesRx().count());
        assertEquals(88.087887, c.mesRx().sum(), 1e-9);
        assertEquals(1, c.mesRx().counts()[8], "in the (85, 90] bucket");
        assertEquals(0.000125, c.jitterRx().sum(), 1e-12);
        assertEquals(1, c.lossRx().counts()[0], "lp=0 of 200: no loss");
        assertEquals(0, c.mesTx().count(), "txcount=0: the sent stream was never measured, so it is not scored");
        assertEquals(0, c.rtt().count(), "rtt=0 and the far end sent no report block: no RTT");
        assertEquals(0, c.qualityMissing());
        assertEquals("1795384833.5", c.mesRx().exemplars().get(0).linkedid());
    }

    @Test
    void theIaxTrunkCallHadNoRtcpAndIsCountedMissingNeverPerfect() throws Exception {
        CallQuality q = replay();
        CallSeries c = series(q, "trunk", "carrier-iax", "outbound");
        assertEquals(1L, c.attempts().get("answered"));
        assertEquals(1, c.qualityMissing());
        assertEquals(0, c.mesRx().count());
        assertEquals(0, c.mesTx().count());
    }

    @Test
    void extensionsAggregateAndTheSilentOriginateIsMissing() throws Exception {
        CallQuality q = replay();
        assertTrue(q.series().stream().allMatch(s -> s.key().kind().equals("trunk") || s.key().trunk().isEmpty()),
                "no per-extension series");
        CallSeries ext = series(q, "extension", "", "outbound");
        assertEquals(2L, ext.attempts().get("answered"), "PJSIP/102 via Local, PJSIP/103 originated into Wait");
        assertEquals(1, ext.mesRx().count(), "102 had RTP");
        assertEquals(1, ext.qualityMissing(), "103 had rxcount=0 and txcount=0");
        assertTrue(q.rtcpSeen());
        assertTrue(q.qosSeen());
        assertNull(q.permissionHint());
    }

    @Test
    void queuesGetOutcomesWaitsAndServiceLevel() throws Exception {
        CallQuality q = replay();
        QueueService support = queue(q, "support");
        assertEquals(1L, support.outcomes().get("answered"));
        assertEquals(0L, support.outcomes().get("abandoned"));
        assertEquals(1, support.answerWait().count());
        assertEquals(0.0, support.answerWait().sum(), 0, "AgentConnect HoldTime: 0");
        assertEquals(1.0, support.serviceLevel().get("20"), 1e-9);
        QueueService overflow = queue(q, "overflow");
        assertEquals(1L, overflow.outcomes().get("abandoned"));
        assertEquals(13.0, overflow.abandonWait().sum(), 0, "QueueCallerAbandon HoldTime: 13");
        assertEquals(0.0, overflow.serviceLevel().get("20"), 1e-9);
        QueueService sales = queue(q, "sales");
        assertTrue(sales.serviceLevel().isEmpty(), "no caller in the window: unknown, not 0 or 1");
        assertArrayEquals(new long[sales.answerWait().counts().length], sales.answerWait().counts());
        assertFalse(sales.outcomes().isEmpty());
    }

    private static QueueService queue(CallQuality q, String name) {
        return q.queues().stream().filter(x -> x.queue().equals(name)).findFirst().orElseThrow();
    }
}
