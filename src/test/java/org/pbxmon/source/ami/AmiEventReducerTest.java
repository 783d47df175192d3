package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.CallStats;
import org.pbxmon.source.ami.AmiEventReducer.Outcome;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.testing.AmiFixtures;

/** The reducer on literal events: the real call-flow capture, and events that lack what they need. */
class AmiEventReducerTest {
    private final PbxState state = new PbxState();
    private final AmiEventReducer reducer = new AmiEventReducer(state, () -> 1_795_384_900_000L);

    static List<AmiMessage> capture(String name) throws Exception {
        return AmiFixtures.messages(name);
    }

    @Test
    void theRealCallFlowLeavesNoChannelBehind() throws Exception {
        int applied = 0;
        for (AmiMessage m : capture("call-flow-events.txt")) {
            if (m.isEvent() && reducer.apply(m) == Outcome.APPLIED) {
                applied++;
            }
        }
        CallStats c = state.channels.stats(1_795_384_900_000L, Long.MAX_VALUE);
        assertTrue(applied > 100, "applied " + applied);
        assertEquals(0, c.channels(), "every channel of the capture hung up");
        assertEquals(0, c.bridges());
        assertTrue(c.callsProcessed() >= 5, "calls ended: " + c.callsProcessed());
    }

    @Test
    void eventsThatLackWhatTheyNeedChangeNothing() {
        apply("Event: Newchannel\nChannel: PJSIP/102-00000001\nUniqueid: 1.1\nLinkedid: 1.1");
        long v = state.version();
        for (String e : List.of(
                "Event: BridgeEnter\nPrivilege: call,all\nChannel: PJSIP/102-00000001",
                "Event: Hangup\nChannel: PJSIP/102-00000001",
                "Event: DeviceStateChange\nDevice: PJSIP/102",
                "Event: PeerStatus\nChannelType: IAX2\nPeer: IAX2/carrier-iax",
                "Event: Registry\nChannelType: PJSIP\nUsername: sip:pbx@127.0.0.1:5099",
                "Event: QueueCallerJoin\nQueue: sales",
                "Event: QueueMemberStatus\nQueue: sales\nStatus: 1",
                "Event: ContactStatus\nURI: sip:102@127.0.0.1:5070\nContactStatus: Reachable")) {
            assertEquals(Outcome.IGNORED, apply(e), e);
        }
        assertEquals(v, state.version(), "no change at all");
        assertEquals(1, state.channels.stats(0, Long.MAX_VALUE).channels());
    }

    @Test
    void bootAndReloadAskForAResyncInTheirOwnWays() {
        assertEquals(Outcome.BOOTED, apply("Event: FullyBooted\nUptime: 22\nLastReload: 22\nStatus: Fully Booted"));
        assertEquals(1_795_384_900L - 22, state.core.startupEpochSeconds());
        assertEquals(Outcome.RESYNC, apply("Event: Reload\nModule: All"));
        assertEquals(Outcome.IGNORED, apply("Event: VarSet\nVariable: x\nValue: y"));
        assertEquals(Outcome.IGNORED, apply("Event: PbxmonFutureEvent\nFoo: bar"));
    }

    @Test
    void onlyEventsThatChangeTheStateAreQueued() {
        assertTrue(AmiEventReducer.tracked(AmiMessage.of("Event: Hangup\nUniqueid: 1")));
        assertTrue(AmiEventReducer.tracked(AmiMessage.of("Event: QUEUEMEMBERPAUSE\nQueue: q")));
        assertTrue(!AmiEventReducer.tracked(AmiMessage.of("Event: VarSet\nVariable: x")));
        assertTrue(!AmiEventReducer.tracked(AmiMessage.of("Response: Success\nMessage: x")));
    }

    @Test
    void intakeSamplesRtcpCopiesTrackedFramesAndSkipsTheRest() {
        Object rtcp = AmiEventReducer.intake(AmiMessage.of("Event: RTCPSent\nUniqueid: 7.1\nMES: 88.1"));
        assertTrue(rtcp instanceof org.pbxmon.source.ami.quality.RtcpReportParser.Sample s
                && "7.1".equals(s.uniqueid()) && s.mes() == 88.1, String.valueOf(rtcp));
        AmiMessage hangup = AmiMessage.of("Event: Hangup\nUniqueid: 1");
        Object copy = AmiEventReducer.intake(hangup);
        assertTrue(copy instanceof AmiMessage m && m != hangup && "1".equals(m.get("Uniqueid")), String.valueOf(copy));
        assertEquals(null, AmiEventReducer.intake(AmiMessage.of("Event: Newexten\nUniqueid: 1")));
        assertEquals(null, AmiEventReducer.intake(AmiMessage.of("Event: RTCPSenx\nUniqueid: 1")));
    }

    private Outcome apply(String text) {
        return reducer.apply(AmiMessage.of(text));
    }
}
