package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAXregistry against iax-registry.txt and iax-registry-trunk-down.txt, and the IAX2 Registry events. */
class IaxRegistryTest {

    /** Byte-exact copy of the Asterisk 22.10.1 capture iax-registry.txt (the IAXregistry reply). */
    static final String IAX_REGISTRY = ""
            + "Response: Success\r\n"
            + "ActionID: iax-registry-2\r\n"
            + "EventList: start\r\n"
            + "Message: Registrations will follow\r\n"
            + "\r\n"
            + "Event: RegistryEntry\r\n"
            + "ActionID: iax-registry-2\r\n"
            + "Host: 127.0.0.1:4570\r\n"
            + "DNSmanager: N\r\n"
            + "Username: pbx\r\n"
            + "Perceived: 127.0.0.1:4569\r\n"
            + "Refresh: 60\r\n"
            + "State: Registered\r\n"
            + "\r\n"
            + "Event: RegistrationsComplete\r\n"
            + "ActionID: iax-registry-2\r\n"
            + "EventList: Complete\r\n"
            + "ListItems: 1\r\n"
            + "\r\n";

    /** Byte-exact copy of the Asterisk 22.10.1 capture iax-registry-trunk-down.txt (the IAXregistry reply). */
    static final String IAX_REGISTRY_TRUNK_DOWN = ""
            + "Response: Success\r\n"
            + "ActionID: iax-registry-trunk-down-2\r\n"
            + "EventList: start\r\n"
            + "Message: Registrations will follow\r\n"
            + "\r\n"
            + "Event: RegistryEntry\r\n"
            + "ActionID: iax-registry-trunk-down-2\r\n"
            + "Host: 127.0.0.1:4570\r\n"
            + "DNSmanager: N\r\n"
            + "Username: pbx\r\n"
            + "Perceived: 127.0.0.1:4569\r\n"
            + "Refresh: 60\r\n"
            + "State: Request Sent\r\n"
            + "\r\n"
            + "Event: RegistrationsComplete\r\n"
            + "ActionID: iax-registry-trunk-down-2\r\n"
            + "EventList: Complete\r\n"
            + "ListItems: 1\r\n"
            + "\r\n";

    @Test
    void labRegistryIsAByteExactCopyOfTheCaptures() throws Exception {
        SimWorld w = SimWorld.lab();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("IAXregistry", "iax-registry-2");
            assertEquals(IAX_REGISTRY, c.readRawUntil("ListItems: 1\r\n\r\n", 3000));

            w.iaxPeerStatus("carrier-iax", "UNREACHABLE");
            w.iaxRegistrationState("pbx@127.0.0.1:4570", "Request Sent");
            c.action("IAXregistry", "iax-registry-trunk-down-2");
            assertEquals(IAX_REGISTRY_TRUNK_DOWN, c.readRawUntil("ListItems: 1\r\n\r\n", 3000));
            assertEquals("Request Sent", w.iaxRegistrationStateOf("pbx@127.0.0.1:4570"));

            List<Map<String, String>> noId = c.list("iaxregistry", null);
            assertTrue(noId.stream().noneMatch(m -> m.containsKey("ActionID")));
            assertEquals("Request Sent", noId.get(1).get("State"));
        }
    }

    @Test
    void registeredAndRejectedAreEventsLikeTrunkUp() throws Exception {
        SimWorld w = SimWorld.lab();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "system")) {
            c.readUntil(m -> "FullyBooted".equals(m.get("Event"))); // the session now gets events
            w.iaxRegistrationState("pbx@127.0.0.1:4570", "Request Sent");
            w.iaxRegistrationState("pbx@127.0.0.1:4570", "Registered");
            // as in trunk-up-events.txt
            String seen = c.readRawUntil("Status: Registered\r\n\r\n", 3000);
            assertTrue(seen.equals("Event: Registry\r\nPrivilege: system,all\r\nChannelType: IAX2\r\n"
                    + "Username: pbx\r\nDomain: 127.0.0.1:4570\r\nStatus: Registered\r\n\r\n"), seen);
            assertEquals(1, seen.split("Event: Registry").length - 1);
            w.iaxRegistrationState("pbx@127.0.0.1:4570", "Registered"); // no change, no event
            w.iaxRegistrationState("pbx@127.0.0.1:4570", "Rejected");
            Map<String, String> rej = c.read();
            assertEquals("Registry", rej.get("Event"));
            assertEquals("IAX2", rej.get("ChannelType"));
            assertEquals("Rejected", rej.get("Status"));
            assertEquals("Registration Refused", rej.get("Cause"));
            assertThrows(IllegalArgumentException.class, () -> w.iaxRegistrationState("pbx@127.0.0.1:4570", "Up"));
            assertThrows(IllegalArgumentException.class, () -> w.iaxRegistrationState("x@nowhere", "Registered"));
        }
    }

    @Test
    void iaxDisabledGivesUnknownCommand() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.scale(10, 1, 1, 0), "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), "off")) {
            c.action("IAXregistry", "i");
            Map<String, String> r = c.read();
            assertEquals("Error", r.get("Response"));
            assertEquals("Invalid/unknown command: IAXregistry. Use Action: ListCommands to show available commands.",
                    r.get("Message"));
        }
    }
}
