package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.TrunkRules;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.Registration;

class EndpointTrackerTest {
    private final TrunkClassifier classifier = new TrunkClassifier(TrunkRules.none());

    /** The lab of the fixtures: PJSIPShowEndpoints, PJSIPShowContacts and the registrations. */
    private EndpointTracker lab() {
        EndpointTracker t = new EndpointTracker();
        t.replacePjsip(List.of(
                new EndpointTracker.PjsipRow("101", true, false, "Unavailable", List.of()),
                new EndpointTracker.PjsipRow("102", true, false, "Not in use", List.of("sip:102@127.0.0.1:5070")),
                new EndpointTracker.PjsipRow("103", true, false, "Not in use", List.of("sip:103@127.0.0.1:5070")),
                new EndpointTracker.PjsipRow("carrier", false, true, "Not in use", List.of("sip:127.0.0.1:5070"))),
                Map.of("102", Map.of("sip:102@127.0.0.1:5070", new EndpointTracker.Contact(EndpointState.UP, 0.000692))));
        t.replaceRegistrations("PJSIP", List.of(
                new Registration("PJSIP", "carrier-reg", "sip:pbx-trunk@127.0.0.1:5070", "sip:127.0.0.1:5070", "Registered", ""),
                new Registration("PJSIP", "deadprovider-reg", "sip:pbx@127.0.0.1:5099", "sip:127.0.0.1:5099", "Rejected", "")));
        t.replaceIax(List.of(new EndpointTracker.IaxRow("carrier-iax", "OK (3 ms)", false, false, "127.0.0.1:4570"),
                new EndpointTracker.IaxRow("iaxphone1", "UNKNOWN", true, false, "")));
        return t;
    }

    private static Endpoint find(List<Endpoint> eps, String name) {
        return eps.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void statesAndKindsAfterSync() {
        EndpointTracker t = lab();
        assertEquals(List.of("103", "carrier"), t.needDetail(java.util.Set.of("102")));
        t.endpointDetail("103", false, Map.of("sip:103@127.0.0.1:5070", new EndpointTracker.Contact(EndpointState.UP, 0.001)));
        t.endpointDetail("carrier", true, Map.of("sip:127.0.0.1:5070", new EndpointTracker.Contact(EndpointState.UP, 0.003049)));
        List<Endpoint> eps = t.endpoints(classifier, Map.of("PJSIP/carrier", 2));
        assertEquals(EndpointState.DOWN, find(eps, "101").state());
        assertEquals(EndpointKind.EXTENSION, find(eps, "101").kind());
        assertEquals(EndpointState.UP, find(eps, "102").state());
        assertEquals(0.000692, find(eps, "102").rttSeconds());
        assertEquals(EndpointState.UP, find(eps, "103").state());
        Endpoint carrier = find(eps, "carrier");
        assertEquals(EndpointKind.TRUNK, carrier.kind());
        assertEquals("registration", carrier.kindReason());
        assertEquals(2, carrier.channels());
        assertEquals(EndpointKind.TRUNK, find(eps, "carrier-iax").kind());
        assertEquals(EndpointState.UP, find(eps, "carrier-iax").state());
        assertEquals(EndpointKind.EXTENSION, find(eps, "iaxphone1").kind());
        assertEquals(EndpointState.DOWN, find(eps, "iaxphone1").state());
    }

    @Test
    void trunkDownAndRecoveryEvents() {
        EndpointTracker t = lab();
        // trunk-down-events.txt
        t.contactStatus("102", "sip:102@127.0.0.1:5070", "Unreachable", 0L);
        t.peerStatus("IAX2", "IAX2/carrier-iax", "Unreachable", null);
        t.registry("PJSIP", "sip:pbx-trunk@127.0.0.1:5070", "sip:127.0.0.1:5070", "Rejected");
        List<Endpoint> eps = t.endpoints(classifier, Map.of());
        assertEquals(EndpointState.DOWN, find(eps, "102").state());
        assertEquals(EndpointState.DOWN, find(eps, "carrier-iax").state());
        assertEquals("Rejected", t.registrations().get(0).status());
        // trunk-up-events.txt: 102 is Removed, then NonQualified, then Reachable
        t.contactStatus("102", "sip:102@127.0.0.1:5070", "Removed", 0L);
        assertEquals(EndpointState.DOWN, find(t.endpoints(classifier, Map.of()), "102").state());
        t.contactStatus("102", "sip:102@127.0.0.1:5070", "NonQualified", 0L);
        assertEquals(EndpointState.UNKNOWN, find(t.endpoints(classifier, Map.of()), "102").state());
        t.contactStatus("102", "sip:102@127.0.0.1:5070", "Reachable", 812L);
        assertEquals(0.000812, find(t.endpoints(classifier, Map.of()), "102").rttSeconds());
        t.peerStatus("IAX2", "IAX2/carrier-iax", "Reachable", 4);
        assertEquals(0.004, find(t.endpoints(classifier, Map.of()), "carrier-iax").rttSeconds());
        t.registry("PJSIP", "sip:pbx-trunk@127.0.0.1:5070", "sip:127.0.0.1:5070", "Registered");
        assertEquals(true, t.registrations().get(0).registered());
        t.registry("IAX2", "pbx", "127.0.0.1:4570", "Registered");
        assertEquals("IAX2", t.registrations().get(0).technology());
    }

    @Test
    void aPhoneOnTheCarrierHostIsNotATrunk() {
        // in the lab the carrier instance also registers as phone 102 from the same host and port
        List<Endpoint> eps = lab().endpoints(classifier, Map.of());
        assertEquals(EndpointKind.EXTENSION, find(eps, "102").kind());
        assertEquals("registration", find(eps, "carrier").kindReason());
    }

    @Test
    void hostPortOfUris() {
        assertEquals("102@127.0.0.1:5070", EndpointTracker.target("sip:102@127.0.0.1:5070;ob"));
        assertEquals("127.0.0.1:5070", EndpointTracker.hostPort("sip:pbx-trunk@127.0.0.1:5070"));
        assertEquals("127.0.0.1:5070", EndpointTracker.hostPort("sip:127.0.0.1:5070;transport=udp"));
        assertEquals("10.0.0.1", EndpointTracker.hostPort("sips:10.0.0.1"));
    }
}
