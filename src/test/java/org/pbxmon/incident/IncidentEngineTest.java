package org.pbxmon.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.store.JdbcIncidentStore;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;

/** The engine on a real H2 store: only-on-change, deduplication, a store that goes away, restarts. */
class IncidentEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final SnapshotStore snapshots = new SnapshotStore();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private IncidentsConfig config(int pendingLimit) {
        IncidentsConfig base = RulesTest.config(Map.of("ami_down",
                new IncidentsConfig.RuleConfig(true, Double.NaN, Duration.ZERO, Duration.ZERO)));
        IncidentsConfig.Callback cb = new IncidentsConfig.Callback("hook", "hook", true, URI.create("http://127.0.0.1:9/"),
                "POST", "", Map.of(), true, Duration.ofSeconds(1), null, 1, Duration.ofHours(1));
        return new IncidentsConfig(true, "a1", new IncidentsConfig.Store("h2", dir, null, null, null, 2), base.rules(),
                base.alertmanager(), List.of(cb), Map.of(), pendingLimit);
    }

    private SwitchableStore store() {
        SwitchableStore s = new SwitchableStore(JdbcIncidentStore.of(new IncidentsConfig.Store("h2", dir, null, null,
                null, 2)));
        closing.add(s);
        return s;
    }

    private IncidentEngine engine(IncidentStore store, int pendingLimit) throws StoreException {
        IncidentEngine e = new IncidentEngine(config(pendingLimit), snapshots, store, () -> { }, now::get);
        e.openStore();
        return e;
    }

    private static Alert alert(String fp, String status, String name, String severity) {
        return new Alert(fp, status, Map.of("alertname", name, "severity", severity, "pbx", "main"),
                Map.of("summary", name + " is bad"), 1_800_000_000_000L, null, "");
    }

    /** (object, previous, final) of every outbox row, in order. */
    private static List<String> events(IncidentStore store) throws Exception {
        List<String> out = new ArrayList<>();
        for (OutboxRow r : store.claim("hook", "reader", 1000, 60_000, Long.MAX_VALUE / 2)) {
            JsonNode n = JSON.readTree(r.payload());
            out.add(n.path("object").path("id").asText() + " " + n.path("previous_status").asText() + "->"
                    + n.path("final_status").asText());
        }
        return out;
    }

    @Test
    void onlyStatusChangesBecomeEventsAndResendsChangeNothing() throws Exception {
        SwitchableStore store = store();
        IncidentEngine e = engine(store, 100);
        assertEquals(AlertSink.Result.ACCEPTED, e.accept(List.of(alert("a", "firing", "A", "warning"))));
        assertEquals(AlertSink.Result.ACCEPTED, e.accept(List.of(alert("a", "firing", "A", "warning")))); // re-send
        e.accept(List.of(alert("b", "firing", "B", "critical")));
        e.accept(List.of(alert("a", "resolved", "A", "warning"))); // still critical: B is open
        e.accept(List.of(alert("a", "resolved", "A", "warning"))); // re-send of a resolution
        e.accept(List.of(alert("b", "resolved", "B", "critical")));
        assertEquals(List.of("pbx:main operational->warning", "pbx:main warning->critical",
                "pbx:main critical->operational"), events(store));
        assertEquals(List.of(), e.open());
        assertEquals(2, store.incidentsSince(0, 100).size(), "A and B, both closed, are in the history");
    }

    @Test
    void aStoreThatGoesAwayLosesNothingAndTheIntakeSaysBusyWhenMemoryIsFull() throws Exception {
        SwitchableStore store = store();
        IncidentEngine e = engine(store, 2);
        store.down = true;
        assertEquals(AlertSink.Result.ACCEPTED, e.accept(List.of(alert("a", "firing", "A", "warning"))));
        assertEquals(AlertSink.Result.ACCEPTED, e.accept(List.of(alert("b", "firing", "B", "critical"))));
        assertEquals(AlertSink.Result.BUSY, e.accept(List.of(alert("c", "firing", "C", "warning"))));
        e.tick(now.addAndGet(1000));
        IncidentsView v = snapshots.incidents();
        assertFalse(v.storeUp());
        assertEquals(2, v.pendingWrites());
        assertTrue(v.storeErrors() > 0);
        assertEquals(2, e.open().size(), "memory has the truth meanwhile");
        store.down = false;
        e.tick(now.addAndGet(1000));
        assertTrue(snapshots.incidents().storeUp());
        assertEquals(0, snapshots.incidents().pendingWrites());
        assertEquals(List.of("pbx:main operational->warning", "pbx:main warning->critical"), events(store));
        assertEquals(2, store.openIncidents().size());
    }

    @Test
    void changesThatDidNotFitInMemoryAreReconciledWhenTheStoreReturns() throws Exception {
        SwitchableStore store = store();
        IncidentEngine e = engine(store, 1);
        store.down = true;
        snapshots.publish(PbxSnapshot.initial("p1", "x")); // not connected: ami_down fires at once (for: 0)
        e.tick(now.addAndGet(1000));
        snapshots.publish(PbxSnapshot.initial("p2", "x"));
        e.tick(now.addAndGet(1000)); // memory holds one batch: this one is dropped and counted
        assertEquals(1, snapshots.incidents().droppedWrites());
        store.down = false;
        e.tick(now.addAndGet(1000));
        assertEquals(List.of("pbx:p1 operational->critical", "pbx:p2 operational->critical"), events(store));
        assertEquals(2, store.openIncidents().size());
        assertEquals(Severity.CRITICAL, store.objects().get("pbx:p2").finalStatus());
    }

    @Test
    void aRestartedEngineKeepsWhatWasOpenAndSendsNothingAgain() throws Exception {
        SwitchableStore store = store();
        IncidentEngine first = engine(store, 100);
        snapshots.publish(PbxSnapshot.initial("p1", "x"));
        first.tick(now.addAndGet(1000));
        first.accept(List.of(alert("a", "firing", "A", "warning")));
        assertEquals(2, events(store).size());
        IncidentEngine second = engine(store, 100);
        assertEquals(2, second.open().size());
        second.tick(now.addAndGet(1000));
        second.accept(List.of(alert("a", "firing", "A", "warning")));
        assertEquals(List.of(), events(store), "nothing new: the same state as before the restart");
        second.accept(List.of(alert("a", "resolved", "A", "warning")));
        assertEquals(List.of("pbx:main warning->operational"), events(store));
    }
}
