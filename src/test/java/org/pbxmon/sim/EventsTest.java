package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsTest {
    private SimWorld world;
    private AmiSimulator sim;

    @BeforeEach
    void start() throws Exception {
        world = SimWorld.lab();
        sim = AmiSimulator.start(world, "monitor", "monitor-secret");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Logs in with events on and consumes FullyBooted + SuccessfulAuth. */
    private AmiClient eventClient() throws Exception {
        AmiClient c = AmiClient.loggedIn(sim.port(), null);
        c.readUntil(m -> "SuccessfulAuth".equals(m.get("Event")));
        return c;
    }

    /** Reads events until the Ping response marker, returning the events before it. */
    private static List<Map<String, String>> drain(AmiClient c) throws Exception {
        c.action("Ping", "marker");
        List<Map<String, String>> all = c.readUntil(m -> "marker".equals(m.get("ActionID")));
        return all.subList(0, all.size() - 1);
    }

    private static List<String> names(List<Map<String, String>> evs) {
        return evs.stream().map(m -> m.get("Event")).collect(Collectors.toList());
    }

    @Test
    void registerAndUnregisterReachLoggedInSession() throws Exception {
        try (AmiClient c = eventClient()) {
            world.unregisterEndpoint("102");
            List<Map<String, String>> evs = drain(c);
            assertEquals(List.of("PeerStatus", "ContactStatus", "DeviceStateChange", "QueueMemberStatus"),
                    names(evs));
            assertEquals("PJSIP/102", evs.get(0).get("Peer"));
            assertEquals("Unreachable", evs.get(0).get("PeerStatus"));
            assertEquals("Removed", evs.get(1).get("ContactStatus"));
            assertEquals("UNAVAILABLE", evs.get(2).get("State"));
            assertEquals("5", evs.get(3).get("Status"));

            world.registerEndpoint("102");
            evs = drain(c);
            assertEquals("NonQualified", evs.get(0).get("ContactStatus"));
            assertEquals("Reachable", evs.get(1).get("PeerStatus"));
            assertEquals("Reachable", evs.get(2).get("ContactStatus"));
            assertTrue(Long.parseLong(evs.get(2).get("RoundtripUsec")) > 0);
            assertTrue(names(evs).contains("DeviceStateChange"));
        }
    }

    @Test
    void eventsOffSuppressesEverything() throws Exception {
        try (AmiClient off = AmiClient.loggedIn(sim.port(), "off"); AmiClient on = eventClient()) {
            world.unregisterEndpoint("102");
            world.registrationStatus("carrier-reg", "Rejected");
            world.noise(20);
            world.reload();
            assertFalse(drain(on).isEmpty());
            assertTrue(drain(off).isEmpty());
        }
    }

    @Test
    void eventMaskAndFilters() throws Exception {
        try (AmiClient sys = AmiClient.loggedIn(sim.port(), "system"); AmiClient filt = eventClient()) {
            sys.readUntil(m -> "FullyBooted".equals(m.get("Event")));
            filt.action("Filter", "f", "Operation: Add", "Filter: Event: (Registry|Hangup)");
            filt.read();
            SimCall call = world.startCall("103", "102");
            world.registrationStatus("badauth-reg", "Rejected");
            world.hangup(call, 17);
            List<Map<String, String>> s = drain(sys);
            assertEquals(List.of("Registry"), names(s));
            List<Map<String, String>> f = drain(filt);
            assertEquals(List.of("Registry", "Hangup", "Hangup"), names(f));
            assertEquals("17", f.get(1).get("Cause"));
            assertEquals("User busy", f.get(1).get("Cause-txt"));
        }
    }

    @Test
    void callFlowEvents() throws Exception {
        try (AmiClient c = eventClient()) {
            SimCall call = world.startCall("103", "102");
            assertEquals(2, world.channelCount());
            assertEquals(1, world.callCount());
            List<Map<String, String>> start = drain(c);
            List<Map<String, String>> newch = start.stream().filter(m -> "Newchannel".equals(m.get("Event")))
                    .collect(Collectors.toList());
            assertEquals(2, newch.size());
            assertEquals(call.channels(), newch.stream().map(m -> m.get("Channel")).collect(Collectors.toList()));
            assertTrue(newch.get(0).get("Channel").matches("PJSIP/103-[0-9a-f]{8}"));
            assertEquals(newch.get(0).get("Uniqueid"), call.linkedId());
            assertTrue(newch.stream().allMatch(m -> call.linkedId().equals(m.get("Linkedid"))));
            assertTrue(names(start).contains("DialBegin"));
            assertTrue(start.stream().anyMatch(m -> "Newstate".equals(m.get("Event"))
                    && "Ringing".equals(m.get("ChannelStateDesc"))));
            assertTrue(start.stream().allMatch(m -> m.get("Privilege") != null));

            world.answer(call);
            List<Map<String, String>> up = drain(c);
            List<String> upNames = names(up);
            assertTrue(upNames.containsAll(List.of("Newstate", "DialEnd", "BridgeCreate", "BridgeEnter")));
            assertEquals("ANSWER", up.stream().filter(m -> "DialEnd".equals(m.get("Event"))).findFirst()
                    .orElseThrow().get("DialStatus"));
            assertEquals(2, upNames.stream().filter("BridgeEnter"::equals).count());

            world.hangup(call, 16);
            List<Map<String, String>> end = drain(c);
            List<Map<String, String>> hangups = end.stream().filter(m -> "Hangup".equals(m.get("Event")))
                    .collect(Collectors.toList());
            assertEquals(2, hangups.size());
            assertEquals("Normal Clearing", hangups.get(0).get("Cause-txt"));
            assertTrue(names(end).containsAll(List.of("BridgeLeave", "BridgeDestroy")));
            assertEquals(0, world.channelCount());
            assertEquals(1, world.processedCalls());
            assertTrue(call.isEnded());
        }
    }

    @Test
    void localCallAndQueueEvents() throws Exception {
        try (AmiClient c = eventClient()) {
            SimCall call = world.startLocalCall("102");
            List<String> chans = call.channels();
            assertEquals(3, chans.size());
            assertTrue(chans.get(0).matches("Local/102@lab-[0-9a-f]{8};1"));
            assertTrue(chans.get(1).matches("Local/102@lab-[0-9a-f]{8};2"));
            assertTrue(chans.get(2).startsWith("PJSIP/102-"));
            List<Map<String, String>> evs = drain(c);
            assertTrue(evs.stream().filter(m -> "Newchannel".equals(m.get("Event")))
                    .allMatch(m -> call.linkedId().equals(m.get("Linkedid"))));

            world.queueJoin("overflow", call);
            Map<String, String> join = drain(c).get(0);
            assertEquals("QueueCallerJoin", join.get("Event"));
            assertEquals("overflow", join.get("Queue"));
            assertEquals("1", join.get("Position"));
            assertEquals("1", join.get("Count"));
            assertEquals(chans.get(1), join.get("Channel"));

            world.queueAbandon("overflow", call);
            List<Map<String, String>> ab = drain(c);
            assertEquals(List.of("QueueCallerAbandon", "QueueCallerLeave"), names(ab));
            assertEquals("0", ab.get(1).get("Count"));

            world.queueMemberStatus("support", "Local/agent1@agents/n", 2, true);
            Map<String, String> qms = drain(c).get(0);
            assertEquals("QueueMemberStatus", qms.get("Event"));
            assertEquals("Agent One", qms.get("MemberName"));
            assertEquals("2", qms.get("Status"));
            assertEquals("1", qms.get("Paused"));
            world.hangup(call, 16);
            assertEquals(0, world.channelCount());
        }
    }

    @Test
    void presenceAndSystemEvents() throws Exception {
        try (AmiClient c = eventClient()) {
            world.registrationStatus("carrier-reg", "Rejected");
            Map<String, String> reg = drain(c).get(0);
            assertEquals("Registry", reg.get("Event"));
            assertEquals("PJSIP", reg.get("ChannelType"));
            assertEquals("sip:pbx-trunk@127.0.0.1:5070", reg.get("Username"));
            assertEquals("sip:127.0.0.1:5070", reg.get("Domain"));
            assertEquals("Rejected", reg.get("Status"));

            world.iaxPeerStatus("carrier-iax", "UNREACHABLE");
            List<Map<String, String>> iax = drain(c);
            assertEquals("IAX2", iax.get(0).get("ChannelType"));
            assertEquals("IAX2/carrier-iax", iax.get(0).get("Peer"));
            assertEquals("Unreachable", iax.get(0).get("PeerStatus"));
            world.iaxPeerStatus("carrier-iax", "LAGGED (700 ms)");
            assertTrue(drain(c).stream().anyMatch(m -> "Lagged".equals(m.get("PeerStatus"))));

            world.contactUnreachable("103");
            List<Map<String, String>> down = drain(c);
            assertEquals("Unreachable", down.get(1).get("ContactStatus"));
            assertEquals("sip:103@127.0.0.1:5070", down.get(1).get("URI"));
            world.contactReachable("103", 1234);
            List<Map<String, String>> back = drain(c);
            assertEquals("1234", back.get(1).get("RoundtripUsec"));

            world.reload();
            world.fullyBooted();
            List<Map<String, String>> sys = drain(c);
            assertEquals(List.of("Reload", "FullyBooted"), names(sys));

            world.noise(16);
            List<Map<String, String>> noise = drain(c);
            assertEquals(16, noise.size());
            assertTrue(names(noise).containsAll(List.of("VarSet", "Newexten", "CEL", "RTCPSent")));
            assertEquals(0, world.channelCount());
        }
    }
}
