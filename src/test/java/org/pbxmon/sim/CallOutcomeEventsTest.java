package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.sim.SimRecorder.captured;
import static org.pbxmon.sim.SimRecorder.events;
import static org.pbxmon.sim.SimRecorder.keys;
import static org.pbxmon.sim.SimRecorder.names;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

/** Dial outcomes (DialEnd DialStatus + Hangup Cause) and the app_queue events with hold times on the world clock. */
class CallOutcomeEventsTest {

    @Test
    void everyDialStatusEndsWithItsCause() {
        Map<DialStatus, String> text = Map.of(DialStatus.BUSY, "User busy", DialStatus.NOANSWER,
                "User alerting, no answer", DialStatus.CANCEL, "Normal Clearing", DialStatus.CONGESTION,
                "Circuit/channel congestion", DialStatus.CHANUNAVAIL, "Subscriber absent");
        Map<DialStatus, Integer> cause = Map.of(DialStatus.BUSY, 17, DialStatus.NOANSWER, 19, DialStatus.CANCEL, 16,
                DialStatus.CONGESTION, 34, DialStatus.CHANUNAVAIL, 20);
        SimRecorder r = SimRecorder.lab();
        for (DialStatus s : DialStatus.values()) {
            SimCall call = r.world.startCall("102", "carrier");
            r.take();
            r.world.endUnanswered(call, s);
            List<AmiMessage> ms = r.take();
            assertEquals(List.of("DialEnd", "SoftHangupRequest", "Hangup"), names(ms).stream()
                    .filter(n -> List.of("DialEnd", "SoftHangupRequest", "Hangup").contains(n)).distinct().toList());
            AmiMessage dialEnd = events(ms, "DialEnd").get(0);
            assertEquals(s.name(), dialEnd.get("DialStatus"));
            assertEquals(call.channels().get(1), dialEnd.get("DestChannel"));
            List<AmiMessage> hangups = events(ms, "Hangup");
            assertEquals(2, hangups.size());
            for (AmiMessage h : hangups) {
                assertEquals(String.valueOf(cause.get(s)), h.get("Cause"), s.name());
                assertEquals(text.get(s), h.get("Cause-txt"), s.name());
            }
            assertEquals(cause.get(s), s.cause());
            assertEquals(text.get(s), s.causeText());
            assertTrue(events(ms, "VarSet").stream().noneMatch(m -> m.get("Variable").startsWith("RTPAUDIOQOS")));
            assertTrue(call.isEnded());
        }
        assertEquals(0, r.world.channelCount());
    }

    @Test
    void explicitCauseAndTheCauseOnlyHangupKeepWorking() {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startLocalCall("102");
        r.take();
        r.world.endUnanswered(call, DialStatus.CHANUNAVAIL, 3);
        List<AmiMessage> ms = r.take();
        assertEquals(2, events(ms, "DialEnd").size()); // the originate's Local dial and Local;2 -> PJSIP/102
        assertTrue(events(ms, "DialEnd").stream().allMatch(m -> m.is("DialStatus", "CHANUNAVAIL")));
        assertTrue(events(ms, "Hangup").stream().allMatch(m -> m.is("Cause-txt", "No route to destination")));

        SimCall busy = r.world.startCall("103", "102");
        r.take();
        r.world.hangup(busy, 17);
        ms = r.take();
        assertEquals("BUSY", events(ms, "DialEnd").get(0).get("DialStatus"));
        assertEquals("User busy", events(ms, "Hangup").get(0).get("Cause-txt"));

        SimCall up = r.world.startCall("103", "102");
        r.world.answer(up);
        assertThrows(IllegalStateException.class, () -> r.world.endUnanswered(up, DialStatus.BUSY));
        r.world.hangup(up, 16);
    }

    @Test
    void agentConnectAndCompleteCarryTheSecondsWaitedAndTalked() throws Exception {
        SimRecorder r = SimRecorder.lab();
        SimCall call = r.world.startCall("carrier", "102");
        r.advance(1200);
        r.world.queueJoin("sales", call);
        r.advance(23_400);
        r.take();
        r.world.answer(call);
        List<AmiMessage> ms = r.take();
        List<String> order = names(ms).stream()
                .filter(n -> List.of("QueueCallerLeave", "AgentConnect", "BridgeEnter").contains(n)).toList();
        assertEquals(List.of("QueueCallerLeave", "AgentConnect", "BridgeEnter", "BridgeEnter"), order);
        AmiMessage connect = events(ms, "AgentConnect").get(0);
        assertEquals(keys(captured("AgentConnect")), keys(connect));
        assertEquals("agent,all", connect.get("Privilege"));
        assertEquals("23", connect.get("HoldTime"));
        assertEquals("23", connect.get("RingTime")); // 102 rang 24.6 s, capped at the hold time
        assertEquals("sales", connect.get("Queue"));
        assertEquals("PJSIP/102", connect.get("Interface"));
        assertEquals("Bob Lab", connect.get("MemberName"));
        assertEquals(call.channels().get(0), connect.get("Channel"));
        assertEquals(call.channels().get(1), connect.get("DestChannel"));
        assertEquals("Up", connect.get("DestChannelStateDesc"));

        r.advance(42_700);
        r.world.hangup(call, 16);
        ms = r.take();
        AmiMessage complete = events(ms, "AgentComplete").get(0);
        assertEquals(keys(captured("AgentComplete")), keys(complete));
        assertEquals("23", complete.get("HoldTime"));
        assertEquals("42", complete.get("TalkTime"));
        assertEquals("caller", complete.get("Reason"));
        assertTrue(ms.indexOf(complete) < ms.indexOf(events(ms, "Hangup").get(0)));
        assertTrue(events(ms, "QueueCallerLeave").isEmpty() && events(ms, "QueueCallerAbandon").isEmpty());

        // QueueStatus shows the completed call with its hold time
        String status = QueueRenderer.queueStatus(r.world.st, null, "sales", null);
        assertTrue(status.contains("Holdtime: 23\r\nTalkTime: 42\r\nCompleted: 1\r\n"), status);
    }

    @Test
    void queueCallerAbandonHasTheCapturedFieldsAndTheWaitedSeconds() throws Exception {
        SimRecorder r = SimRecorder.lab();
        SimCall first = r.world.startLocalCall("101");
        r.world.queueJoin("overflow", first);
        SimCall second = r.world.startLocalCall("101");
        r.world.queueJoin("overflow", second);
        r.advance(31_900);
        r.take();
        r.world.endUnanswered(second, DialStatus.CANCEL);
        List<AmiMessage> ms = r.take();
        assertEquals(List.of("QueueCallerAbandon", "QueueCallerLeave", "DialEnd"), names(ms).subList(0, 3));
        AmiMessage ab = ms.get(0);
        assertEquals(keys(captured("QueueCallerAbandon")), keys(ab));
        assertEquals("31", ab.get("HoldTime"));
        assertEquals("2", ab.get("Position"));
        assertEquals("2", ab.get("OriginalPosition"));
        assertEquals("overflow", ab.get("Queue"));
        assertEquals("CANCEL", ms.get(2).get("DialStatus"));
        r.world.hangup(first, 16);
    }
}
