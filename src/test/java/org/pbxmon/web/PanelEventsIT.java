package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CallStats;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.testing.Await;
import org.pbxmon.web.panel.PanelBroadcaster;
import org.pbxmon.web.panel.PanelState;

/** /panel/events over real sockets: auth, full state then consecutive diffs, a stalled viewer dropped. */
class PanelEventsIT {
    private static final AmiStatus LIVE = new AmiStatus(true, true, 1, 1, 0, Map.of(), 0, 0, 0, "");
    private WebFixture web;
    private PanelBroadcaster panel;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(WebFixture.http(Map.of("panel", List.of("basic"))), List.of());
        panel = new PanelBroadcaster(web.store, 20, 300, 256, 8);
        web.server.withPanel(panel);
    }

    @AfterEach
    void stop() {
        panel.close();
        web.close();
    }

    private void publish(String pbx, int endpoints, EndpointState state, int rev) {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            eps.add(new Endpoint("PJSIP", "ext-" + i + "-padding-to-make-events-large", EndpointKind.EXTENSION, "auth",
                    state, (double) rev / 1000, "Not in use", 1, 0, null));
        }
        web.store.publish(new PbxSnapshot(pbx, "u@h:1", LIVE, CoreInfo.UNKNOWN, CallStats.EMPTY, eps, List.of(),
                List.of(), List.of(), System.currentTimeMillis()));
    }

    @Test
    void refusesWithoutCredentialsAndServesThePage() throws Exception {
        try (SseClient c = new SseClient(web.port, null, null, 0, true)) {
            assertEquals(401, c.status);
        }
        try (SseClient c = new SseClient(web.port, WebFixture.USER, "wrong", 0, true)) {
            assertEquals(401, c.status);
        }
        assertEquals(401, web.get("/panel/").statusCode());
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (WebFixture.USER + ":" + WebFixture.PASS).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var page = web.get("/panel/", "Authorization", auth);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("src=\"panel.js\"") && !page.body().contains("src=\"/"), "relative URLs only");
        assertEquals(200, web.get("/panel/panel.js", "Authorization", auth).statusCode());
        assertTrue(web.get("/panel/panel.js", "Authorization", auth).body().contains("new EventSource('events')"));
        assertEquals(404, web.get("/panel/nope.js", "Authorization", auth).statusCode());
    }

    @Test
    void fullStateThenDiffsPerPbx() throws Exception {
        publish("a", 3, EndpointState.UP, 1);
        publish("b", 2, EndpointState.UP, 1);
        try (SseClient c = new SseClient(web.port, WebFixture.USER, WebFixture.PASS, 0, true)) {
            assertEquals(200, c.status);
            SseClient.Event full = c.next(10_000);
            assertNotNull(full);
            assertEquals("full", full.type());
            JsonNode state = full.data().get("state").deepCopy();
            long seq = full.data().get("seq").asLong();
            assertEquals(3, state.at("/pbx/a/extensions").size());
            assertEquals(2, state.at("/pbx/b/extensions").size());

            publish("a", 3, EndpointState.DOWN, 2); // a goes down; b untouched
            SseClient.Event diff = c.next(10_000);
            assertNotNull(diff, "a diff follows the change");
            assertEquals("diff", diff.type());
            assertEquals(seq + 1, diff.data().get("seq").asLong(), "consecutive");
            assertTrue(diff.data().at("/patch/pbx/b").isMissingNode(), "b is not in a's diff: " + diff.data());
            state = PanelState.apply(state, diff.data().get("patch"));
            assertEquals("offline", state.at("/pbx/a/extensions/PJSIP~1ext-0-padding-to-make-events-large/status").asText());

            web.store.remove("a"); // a vanishes (e.g. removed by a reload): b stays
            SseClient.Event gone = c.next(10_000);
            assertNotNull(gone);
            state = PanelState.apply(state, gone.data().get("patch"));
            assertTrue(state.at("/pbx/a").isMissingNode());
            assertEquals(2, state.at("/pbx/b/extensions").size());
            assertEquals(SseClient.JSON.readTree(SseClient.JSON.writeValueAsString(PanelState.build(web.store))), state,
                    "patched state equals the server's");
            SseClient.Event ping = Await.until(Duration.ofSeconds(10),
                    () -> c.events.stream().filter(e -> e.type().equals("comment")).findFirst().orElse(null) != null,
                    true, "a heartbeat comment") ? null : null;
            assertEquals(null, ping);
        }
    }

    @Test
    void aStalledViewerIsDroppedWhileOthersKeepReceiving() throws Exception {
        publish("a", 300, EndpointState.UP, 0);
        try (SseClient stalled = new SseClient(web.port, WebFixture.USER, WebFixture.PASS, 2048, false);
                SseClient good = new SseClient(web.port, WebFixture.USER, WebFixture.PASS, 0, true)) {
            assertEquals("full", good.next(10_000).type());
            Await.until(Duration.ofSeconds(10), panel::subscribers, 2, "both viewers subscribed");
            long lastSeq = -1;
            for (int rev = 1; rev <= 300 && panel.dropped() == 0; rev++) {
                publish("a", 300, EndpointState.UP, rev); // every RTT changes: ~20 KB per diff
                SseClient.Event e = good.next(10_000);
                assertNotNull(e, "the reading viewer keeps receiving (rev " + rev + ")");
                lastSeq = e.data().get("seq").asLong();
            }
            Await.until(Duration.ofSeconds(20), panel::dropped, 1L, "the stalled viewer dropped");
            Await.until(Duration.ofSeconds(10), panel::subscribers, 1, "only the reading viewer left");
            publish("a", 300, EndpointState.DOWN, 999);
            SseClient.Event after = good.next(10_000);
            assertNotNull(after, "still receiving after the drop");
            assertTrue(after.data().get("seq").asLong() > lastSeq);
        }
    }
}
