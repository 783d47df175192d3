package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ListActionsTest {

    private static long count(List<Map<String, String>> msgs, String event) {
        return msgs.stream().filter(m -> event.equals(m.get("Event"))).count();
    }

    private static Map<String, String> last(List<Map<String, String>> msgs) {
        return msgs.get(msgs.size() - 1);
    }

    @Test
    void labListsAreByteExactCopiesOfTheCaptures() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("PJSIPShowEndpoints", "pjsip-show-endpoints-2");
            assertEquals(LabCaptures.PJSIP_SHOW_ENDPOINTS, c.readRawUntil("ListItems: 4\r\n\r\n", 3000));
            c.action("PJSIPShowRegistrationsOutbound", "pjsip-show-registrations-outbound-2");
            assertEquals(LabCaptures.PJSIP_SHOW_REGISTRATIONS_OUTBOUND,
                    c.readRawUntil("NotRegistered: 2\r\n\r\n", 3000));
            c.action("IAXpeerlist", "iax-peerlist-2");
            assertEquals(LabCaptures.IAX_PEERLIST, c.readRawUntil("ListItems: 2\r\n\r\n", 3000));
        }
    }

    @Test
    void labListCountsAndActionIdEcho() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            String id = "123_4#foo";
            List<Map<String, String>> eps = c.list("PJSIPShowEndpoints", id);
            assertEquals("start", eps.get(0).get("EventList"));
            assertEquals(4, count(eps, "EndpointList"));
            assertEquals("4", last(eps).get("ListItems"));
            assertTrue(eps.stream().allMatch(m -> id.equals(m.get("ActionID"))));

            List<Map<String, String>> contacts = c.list("PJSIPShowContacts", id);
            assertEquals(1, count(contacts, "ContactList"));
            Map<String, String> contact = contacts.get(1);
            assertEquals("102", contact.get("Endpoint"));
            assertEquals("Reachable", contact.get("Status"));
            assertEquals("692", contact.get("RoundtripUsec"));
            assertEquals("ContactListComplete", last(contacts).get("Event"));

            List<Map<String, String>> regs = c.list("PJSIPShowRegistrationsOutbound", id);
            assertEquals(3, count(regs, "OutboundRegistrationDetail"));
            assertEquals(2, count(regs, "AuthDetail"));
            assertEquals("1", last(regs).get("Registered"));
            assertEquals("2", last(regs).get("NotRegistered"));

            List<Map<String, String>> queues = c.list("QueueStatus", id);
            assertEquals(3, count(queues, "QueueParams"));
            assertEquals(6, count(queues, "QueueMember"));
            assertEquals("9", last(queues).get("ListItems"));
            assertEquals(List.of("overflow", "support", "sales"), queues.stream()
                    .filter(m -> "QueueParams".equals(m.get("Event"))).map(m -> m.get("Queue"))
                    .collect(Collectors.toList()));

            List<Map<String, String>> summary = c.list("QueueSummary", id);
            assertEquals(3, count(summary, "QueueSummary"));
            Map<String, String> support = summary.stream().filter(m -> "support".equals(m.get("Queue")))
                    .findFirst().orElseThrow();
            assertEquals("2", support.get("LoggedIn"));
            assertEquals("2", support.get("Available"));

            List<Map<String, String>> chans = c.list("CoreShowChannels", id);
            assertEquals("0", last(chans).get("ListItems"));
            assertEquals("Channels will follow", chans.get(0).get("Message"));

            List<Map<String, String>> filtered = c.list("QueueStatus", "q", "Queue: sales");
            assertEquals("3", last(filtered).get("ListItems"));
        }
    }

    @Test
    void pjsipShowEndpointDetails() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("PJSIPShowEndpoint", "pjsip-show-endpoint-101-unavailable-2", "Endpoint: 101");
            assertEquals(LabEndpointCapture.ENDPOINT_101, c.readRawUntil("ListItems: 4\r\n\r\n", 3000));

            List<Map<String, String>> carrier = c.list("PJSIPShowEndpoint", "d", "Endpoint: carrier");
            assertEquals(List.of("EndpointDetail", "AuthDetail", "TransportDetail", "AorDetail",
                    "ContactStatusDetail", "IdentifyDetail", "EndpointDetailComplete"),
                    carrier.subList(1, carrier.size()).stream().map(m -> m.get("Event")).collect(Collectors.toList()));
            assertEquals("6", last(carrier).get("ListItems"));
            Map<String, String> csd = carrier.get(5);
            assertEquals("sip:127.0.0.1:5070", csd.get("URI"));
            assertEquals("Reachable", csd.get("Status"));
            assertEquals("carrier@@b0e9390783472b741f270e3d28bcc046", csd.get("ID"));
            assertEquals("127.0.0.1/255.255.255.255", carrier.get(6).get("Match"));
            assertEquals("trunk-secret", carrier.get(2).get("Password"));

            List<Map<String, String>> bob = c.list("PJSIPShowEndpoint", "b", "Endpoint: 102");
            assertEquals("5", last(bob).get("ListItems"));
            assertEquals("692", bob.stream().filter(m -> "ContactStatusDetail".equals(m.get("Event"))).findFirst()
                    .orElseThrow().get("RoundtripUsec"));

            c.action("PJSIPShowEndpoint", "u", "Endpoint: 999");
            assertEquals("Response: Error\r\nActionID: u\r\nMessage: Unable to retrieve endpoint 999\n\r\n\r\n",
                    c.readRawUntil("999\n\r\n\r\n", 2000));
        }
    }

    @Test
    void iaxDisabledGivesUnknownCommand() throws Exception {
        SimWorld w = SimWorld.lab();
        w.setIaxEnabled(false);
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("IAXpeerlist", "i");
            Map<String, String> r = c.read();
            assertEquals("Error", r.get("Response"));
            assertEquals("Invalid/unknown command: IAXpeerlist. Use Action: ListCommands to show available commands.",
                    r.get("Message"));
        }
    }

    @Test
    void listsFollowStateChanges() throws Exception {
        SimWorld w = SimWorld.lab();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            SimCall call = w.startLocalCall("102");
            assertEquals(3, call.channels().size());
            w.queueJoin("overflow", call);
            SimCall direct = w.startCall("103", "carrier");
            w.answer(direct);
            List<Map<String, String>> chans = c.list("CoreShowChannels", "c");
            assertEquals(5, count(chans, "CoreShowChannel"));
            long linked = chans.stream().filter(m -> call.linkedId().equals(m.get("Linkedid"))).count();
            assertEquals(3, linked);
            assertTrue(chans.stream().anyMatch(m -> m.getOrDefault("Channel", "").startsWith("PJSIP/carrier-")
                    && !m.get("BridgeId").isEmpty()));

            List<Map<String, String>> queues = c.list("QueueStatus", "q", "Queue: overflow");
            Map<String, String> entry = queues.stream().filter(m -> "QueueEntry".equals(m.get("Event")))
                    .findFirst().orElseThrow();
            assertEquals(call.channels().get(1), entry.get("Channel"));
            assertEquals("1", entry.get("Position"));

            List<Map<String, String>> eps = c.list("PJSIPShowEndpoints", "e");
            Map<String, String> e102 = eps.stream().filter(m -> "102".equals(m.get("ObjectName"))).findFirst()
                    .orElseThrow();
            assertEquals("Ringing", e102.get("DeviceState"));
            assertEquals("1", e102.get("ActiveChannels"));

            c.action("CoreStatus", "s");
            assertEquals("5", c.read().get("CoreCurrentCalls"));
            w.hangup(call, 16);
            w.hangup(direct, 16);
            c.action("CoreStatus", "s");
            Map<String, String> st = c.read();
            assertEquals("0", st.get("CoreCurrentCalls"));
            assertEquals("2", st.get("CoreProcessedCalls"));

            w.unregisterEndpoint("102");
            w.registrationStatus("carrier-reg", "Rejected");
            assertEquals(0, count(c.list("PJSIPShowContacts", "x"), "ContactList"));
            assertEquals("3", last(c.list("PJSIPShowRegistrationsOutbound", "r")).get("NotRegistered"));
        }
    }

    @Test
    void scaleWorldListsThousandsQuickly() throws Exception {
        SimWorld w = SimWorld.scale(5000, 200, 50, 500);
        synchronized (w.st.lock) {
            PjsipRenderer.endpoints(w.st, "warm");
            long t0 = System.nanoTime();
            String out = PjsipRenderer.endpoints(w.st, "t");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "render took " + ms + " ms");
            assertTrue(out.endsWith("ListItems: 5000\r\n\r\n"));
        }
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            long t0 = System.nanoTime();
            List<Map<String, String>> eps = c.list("PJSIPShowEndpoints", "e");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(5000, count(eps, "EndpointList"));
            assertTrue(ms < 20_000, "PJSIPShowEndpoints round trip took " + ms + " ms");
            assertEquals(5000, count(c.list("PJSIPShowContacts", "c"), "ContactList"));
            List<Map<String, String>> regs = c.list("PJSIPShowRegistrationsOutbound", "r");
            assertEquals(200, count(regs, "AuthDetail"));
            assertEquals("0", last(regs).get("Registered"));
            assertEquals("200", last(regs).get("NotRegistered"));
            assertEquals(1000, count(c.list("CoreShowChannels", "ch"), "CoreShowChannel"));
            assertEquals("150", last(c.list("QueueStatus", "q")).get("ListItems"));
            assertEquals("50", last(c.list("QueueSummary", "qs")).get("ListItems"));
            c.action("CoreStatus", "cs");
            Map<String, String> st = c.read();
            assertEquals("1000", st.get("CoreCurrentCalls"));
            assertEquals("500", st.get("CoreProcessedCalls"));
            c.action("IAXpeerlist", "i");
            assertEquals("Error", c.read().get("Response"));
        }
    }
}
