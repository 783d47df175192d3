package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.pbxmon.model.EndpointState;

class PeerStatusParserTest {
    @Test
    void iaxListStatusAsAsterisk22PrintsIt() {
        assertEquals(new PeerStatusParser.Parsed(EndpointState.UP, 0.003), PeerStatusParser.listStatus("OK (3 ms)"));
        assertEquals(new PeerStatusParser.Parsed(EndpointState.LAGGED, 0.7), PeerStatusParser.listStatus("LAGGED (700 ms)"));
        assertEquals(EndpointState.DOWN, PeerStatusParser.listStatus("UNREACHABLE").state());
        assertEquals(EndpointState.DOWN, PeerStatusParser.listStatus("UNKNOWN").state());
        assertEquals(EndpointState.UNKNOWN, PeerStatusParser.listStatus("Unmonitored").state());
        assertNull(PeerStatusParser.listStatus("UNREACHABLE").rttSeconds());
    }

    @Test
    void eventStatuses() {
        assertEquals(EndpointState.UP, PeerStatusParser.peerStatusEvent("Reachable"));
        assertEquals(EndpointState.LAGGED, PeerStatusParser.peerStatusEvent("Lagged"));
        assertEquals(EndpointState.DOWN, PeerStatusParser.peerStatusEvent("Unreachable"));
        assertEquals(EndpointState.DOWN, PeerStatusParser.peerStatusEvent("Unregistered"));
        assertEquals(EndpointState.UNKNOWN, PeerStatusParser.peerStatusEvent("Registered"));
        assertEquals(EndpointState.UP, PeerStatusParser.contactStatus("Reachable"));
        assertEquals(EndpointState.DOWN, PeerStatusParser.contactStatus("Unreachable"));
        assertEquals(EndpointState.UNKNOWN, PeerStatusParser.contactStatus("NonQualified"));
    }

    @Test
    void queueMemberStatesAndDurations() {
        assertEquals("not_in_use", PeerStatusParser.memberState(1, false));
        assertEquals("unavailable", PeerStatusParser.memberState(5, false));
        assertEquals("paused", PeerStatusParser.memberState(1, true));
        assertEquals("unknown", PeerStatusParser.memberState(null, false));
        assertEquals(3725, PeerStatusParser.hms("01:02:05"));
        assertEquals(0, PeerStatusParser.hms("garbage"));
    }
}
