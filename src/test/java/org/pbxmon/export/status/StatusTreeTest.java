package org.pbxmon.export.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.SnapshotStore;

/** The PBX nodes of /status: live values only while the PBX is live; the CEL age only when known. */
class StatusTreeTest {
    private static final AgentInfo INFO = new AgentInfo("1.0", "abc", TestSnapshots.NOW, "id", "<test>", "stderr");

    private static JsonNode tree(SnapshotStore store) {
        return new StatusTree(store, INFO).build();
    }

    private static TestSnapshots lab(String name) {
        return TestSnapshots.pbx(name).trunk("PJSIP", "carrier", EndpointState.UP).registration("carrier-reg", "Registered")
                .queue("support", 1);
    }

    @Test
    void aPbxWhoseStateIsUnknownShowsNoLiveValue() {
        SnapshotStore store = new SnapshotStore();
        store.publish(lab("down").down("connection refused").build());
        store.publish(lab("syncing").syncing().build());
        store.publish(lab("live").build());
        JsonNode pbx = tree(store).path("app").path("pbx");
        for (String name : List.of("down", "syncing")) {
            JsonNode n = pbx.path(name);
            assertFalse(n.path("live").asBoolean(true), name);
            assertFalse(n.path("ami").path("synced").asBoolean(true), name);
            for (String path : List.of("/core/uptime", "/core/last_reload", "/calls/channels", "/calls/active",
                    "/calls/longest_seconds", "/calls/stuck", "/calls/bridges", "/endpoints/total", "/trunks/count",
                    "/trunks/registrations", "/trunks/registered", "/trunks/unregistered", "/trunks/list",
                    "/trunks/registrations_detail", "/queues")) {
                assertTrue(n.at(path).isNull(), name + path + " = " + n.at(path));
            }
            assertEquals(List.of("total"), names(n.path("endpoints")), "no count by state");
            assertEquals(17, n.at("/calls/processed").asLong(), "a counter stays");
            assertEquals("22.1.0", n.at("/core/version").asText());
            assertTrue(n.at("/collectors/core/success").asBoolean());
            assertEquals(10, n.at("/ami/events").asLong());
        }
        assertTrue(pbx.at("/down/ami/logged_in").isBoolean() && !pbx.at("/down/ami/logged_in").asBoolean());
        assertEquals("connection refused", pbx.at("/down/ami/err").asText());
        assertTrue(pbx.at("/syncing/ami/logged_in").asBoolean());
        // ?path= into a part that is unknown now: the null, or nothing below it
        assertTrue(StatusTree.select(tree(store), "app.pbx.down.calls.channels").isNull());
        assertNull(StatusTree.select(tree(store), "app.pbx.down.queues.support"));
        JsonNode live = pbx.path("live");
        assertTrue(live.path("live").asBoolean());
        assertEquals(4, live.at("/calls/channels").asInt());
        assertEquals(1, live.at("/trunks/count").asInt());
        assertEquals("Registered", live.at("/trunks/registrations_detail/PJSIP~1carrier-reg").asText());
        assertEquals(1, live.at("/queues/support/callers").asInt());
        assertTrue(live.at("/core/uptime").asLong() > 3600);
    }

    @Test
    void celAgeIsNullWhileTheTableIsEmpty() {
        SnapshotStore store = new SnapshotStore();
        store.publish(TestSnapshots.pbx("main").build());
        store.publishCel(new CelStatus("main", "ro@db:3306/asterisk", true, "", true, 0, 0, 0, "agent", 0, 0, 0, Map.of(),
                0, false, Map.of(), 0.01, TestSnapshots.NOW));
        JsonNode cel = tree(store).at("/app/pbx/main/cel");
        assertTrue(cel.path("last_event_age_seconds").isNull(), cel.toString());
        assertEquals("", cel.path("last_event").asText());
        assertEquals(0, cel.path("last_id").asInt());
        store.publishCel(new CelStatus("main", "ro@db:3306/asterisk", true, "", true, 9, TestSnapshots.NOW - 5000, 5.4,
                "agent", 9, 0, 0, Map.of(), 0, false, Map.of(), 0.01, TestSnapshots.NOW));
        assertEquals(5, tree(store).at("/app/pbx/main/cel/last_event_age_seconds").asLong());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
