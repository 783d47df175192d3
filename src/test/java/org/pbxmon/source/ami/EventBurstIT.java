package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.Registration;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.EventBurst;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.LabAgent;

/**
 * 50,000 events arrive faster than they are applied: asterisk-java's 20,000-slot queue overflows.
 * The drops are counted, trigger a resync, and the state is right again afterwards.
 */
class EventBurstIT {
    @Test
    void dropsAreCountedAndRepairedByAResync() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret")) {
            AgentConfig cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("lab", sim, "").replace("ping_interval: 1s", "ping_interval: 5s").replace("read_timeout: 3s", "read_timeout: 15s"));
            SnapshotStore store = new SnapshotStore();
            AmiSource source = new AmiSource(cfg.pbxes().get(0), store, Duration.ofMillis(50));
            source.start();
            try {
                Await.until(Duration.ofSeconds(10), () -> store.get("lab").ami().synced(), true, "synced");
                source.applyDelayNanosForTest = 100_000; // 10k events/s, well below the reader's speed
                EventBurst.send(sim, 300_000); // about 40 % of the real mix changes the state and is queued
                // this change is queued behind the burst: if it is dropped, only the resync repairs it
                sim.world().registrationStatus("carrier-reg", "Rejected");
                Await.until(Duration.ofSeconds(30), () -> store.get("lab").ami().eventsDropped() > 0, true, "drops counted");
                source.applyDelayNanosForTest = 0;
                Await.until(Duration.ofSeconds(30), () -> store.get("lab").ami().resyncs() >= 1, true, "resync after drops");
                Await.until(Duration.ofSeconds(30), () -> registered(store.get("lab"), "carrier-reg"), false, "state repaired");
                PbxSnapshot s = store.get("lab");
                assertTrue(s.ami().connected(), "the burst does not cost the session");
                assertEquals(0, s.ami().reconnects());
                assertTrue(s.ami().eventsDropped() > 1000, "dropped " + s.ami().eventsDropped());
            } finally {
                source.close();
            }
        }
    }

    private static boolean registered(PbxSnapshot s, String name) {
        return s.registrations().stream().filter(r -> r.name().equals(name)).findFirst().map(Registration::registered)
                .orElse(true);
    }
}
