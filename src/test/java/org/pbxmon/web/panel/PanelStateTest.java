package org.pbxmon.web.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.SnapshotStore;

/** The panel's JSON tree and its merge patches, from hand-made snapshots. */
class PanelStateTest {

    private static Endpoint ext(EndpointState state, String device, int channels) {
        return new Endpoint("PJSIP", "101", EndpointKind.EXTENSION, "default", state, null, device, 1, channels, null);
    }

    @Test
    void extensionBadgesFollowDeviceStateThenEndpointState() {
        assertEquals("ringing", PanelState.extensionStatus(ext(EndpointState.UP, "Ringing", 0)));
        assertEquals("ringing", PanelState.extensionStatus(ext(EndpointState.UP, "RINGINUSE", 1)));
        assertEquals("in_call", PanelState.extensionStatus(ext(EndpointState.UP, "In use", 0)));
        assertEquals("in_call", PanelState.extensionStatus(ext(EndpointState.UP, "Not in use", 2)));
        assertEquals("online", PanelState.extensionStatus(ext(EndpointState.UP, "Not in use", 0)));
        assertEquals("online", PanelState.extensionStatus(ext(EndpointState.LAGGED, null, 0)));
        assertEquals("offline", PanelState.extensionStatus(ext(EndpointState.DOWN, "Unavailable", 0)));
        assertEquals("offline", PanelState.extensionStatus(ext(EndpointState.UNKNOWN, "Unavailable", 0)));
        assertEquals("unknown", PanelState.extensionStatus(ext(EndpointState.UNKNOWN, "", 0)));
    }

    @Test
    void aTrunkFailsWhenUnreachableOrNotRegistered() {
        SnapshotStore store = new SnapshotStore();
        store.publish(TestSnapshots.pbx("a").trunk("PJSIP", "up", EndpointState.UP)
                .trunk("PJSIP", "down", EndpointState.DOWN).trunk("PJSIP", "carrier", EndpointState.UNKNOWN)
                .trunk("PJSIP", "quiet", EndpointState.UNKNOWN).registration("carrier-reg", "Rejected")
                .registration("ok-reg", "Registered").build());
        JsonNode t = PanelState.build(store).at("/pbx/a/trunks");
        assertEquals("ok", t.at("/PJSIP~1up/status").asText());
        assertEquals("failed", t.at("/PJSIP~1down/status").asText());
        assertEquals("unknown", t.at("/PJSIP~1quiet/status").asText());
        // a registration with no endpoint of its own is a row of its own, failed when rejected
        assertEquals("failed", t.at("/PJSIP~1carrier-reg/status").asText());
        assertEquals("rejected", t.at("/PJSIP~1carrier-reg/registration").asText());
        assertEquals("ok", t.at("/PJSIP~1ok-reg/status").asText());
        assertEquals(2, t.at("/PJSIP~1up/channels").asInt());
        assertTrue(PanelState.build(store).at("/pbx/a/extensions/PJSIP~1101").isObject());
    }

    @Test
    void aPbxThatIsNotLiveShowsItsConnectionAndNoStaleFigures() {
        SnapshotStore store = new SnapshotStore();
        store.publish(TestSnapshots.pbx("a").trunk("PJSIP", "t", EndpointState.UP).down("connection refused").build());
        store.publish(TestSnapshots.pbx("b").syncing().build());
        JsonNode root = PanelState.build(store);
        JsonNode a = root.at("/pbx/a");
        assertFalse(a.get("live").asBoolean());
        assertEquals("connection refused", a.at("/ami/error").asText());
        assertFalse(a.at("/ami/connected").asBoolean());
        assertTrue(a.path("extensions").isMissingNode() && a.path("trunks").isMissingNode()
                && a.path("summary").isMissingNode(), a.toString());
        assertTrue(root.at("/pbx/b/ami/connected").asBoolean());
        assertFalse(root.at("/pbx/b/live").asBoolean());
    }

    @Test
    void incidentsCarryTheirPbxSoThePanelCanShowOnlyTheSelectedOnes() {
        SnapshotStore store = new SnapshotStore();
        store.publishIncidents(new IncidentsView(true, "h2", true, 0, 0, 0, List.of(
                new IncidentsView.OpenIncident("k1", "trunk:a/carrier", "trunk", "a", "rule", "trunk_registration",
                        "critical", "carrier rejected", 1L),
                new IncidentsView.OpenIncident("k2", "probe:itgrix", "probe", "", "rule", "probe_down", "warning",
                        "probe down", 2L)), List.of(), List.of(), Map.of(), Map.of(), 3L));
        JsonNode inc = PanelState.build(store).get("incidents");
        assertEquals("a", inc.at("/k1/pbx").asText());
        assertEquals("", inc.at("/k2/pbx").asText());
        assertEquals("trunk:a/carrier", inc.at("/k1/object").asText());
        assertTrue(PanelState.build(store).get("incidentsEnabled").asBoolean());
    }

    @Test
    void theMergePatchTurnsOneTreeIntoTheOtherAndTouchesOnlyWhatChanged() throws Exception {
        JsonNode from = PanelState.JSON.readTree("""
                {"pbx": {"a": {"live": true, "extensions": {"PJSIP/101": {"status": "online"}, "PJSIP/102": {"status": "offline"}}},
                         "b": {"live": true, "calls": {"1.1": {"state": "Up"}}}}, "incidents": {}}""");
        JsonNode to = PanelState.JSON.readTree("""
                {"pbx": {"a": {"live": true, "extensions": {"PJSIP/101": {"status": "in_call"}}},
                         "b": {"live": true, "calls": {"1.1": {"state": "Up"}}}}, "incidents": {"k": {"severity": "critical"}}}""");
        JsonNode patch = PanelState.diff(from, to);
        assertEquals(PanelState.JSON.readTree("""
                {"pbx": {"a": {"extensions": {"PJSIP/102": null, "PJSIP/101": {"status": "in_call"}}}},
                 "incidents": {"k": {"severity": "critical"}}}"""), patch);
        assertFalse(patch.at("/pbx").has("b"), "one PBX's change never touches another's keys");
        assertEquals(to, PanelState.apply(from.deepCopy(), patch));
        assertNull(PanelState.diff(to, to.deepCopy()));
        // a value replacing an object, and back
        JsonNode x = PanelState.JSON.readTree("{\"v\": {\"w\": 1}}");
        JsonNode y = PanelState.JSON.readTree("{\"v\": 2}");
        assertEquals(y, PanelState.apply(x.deepCopy(), PanelState.diff(x, y)));
        assertEquals(x, PanelState.apply(y.deepCopy(), PanelState.diff(y, x)));
    }
}
