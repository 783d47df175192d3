package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

    private static List<String> run(long seed, int ticks, Set<String> seen) {
        SimWorld w = SimWorld.demo();
        List<String> names = new ArrayList<>();
        w.addSink(ev -> names.add(ev.name));
        DemoScenario d = DemoScenario.unstarted(w, seed);
        int maxCalls = 0;
        for (int i = 0; i < ticks; i++) {
            d.step();
            maxCalls = Math.max(maxCalls, w.callCount());
            int chans = 0;
            for (SimCall c : w.calls()) {
                chans += c.channels().size();
            }
            assertEquals(chans, w.channelCount(), "channels must belong to live calls");
        }
        assertTrue(maxCalls >= 2, "demo should keep calls going, max " + maxCalls);
        assertTrue(w.processedCalls() > 20, "processed " + w.processedCalls());
        seen.addAll(names);
        d.close();
        assertEquals(0, w.channelCount());
        return names;
    }

    @Test
    void lively() {
        Set<String> seen = new HashSet<>();
        run(1, 1300, seen);
        for (String e : List.of("Newchannel", "Newstate", "DialBegin", "DialEnd", "BridgeCreate", "BridgeEnter",
                "BridgeLeave", "BridgeDestroy", "Hangup", "QueueCallerJoin", "QueueCallerLeave", "Registry",
                "ContactStatus", "PeerStatus", "DeviceStateChange", "VarSet", "Newexten", "CEL", "QueueMemberStatus")) {
            assertTrue(seen.contains(e), "missing " + e + " in " + seen);
        }
    }

    @Test
    void deterministicForASeed() {
        Set<String> seen = new HashSet<>();
        assertEquals(run(42, 600, seen), run(42, 600, seen));
    }

    @Test
    void backgroundThreadStartsAndStops() throws Exception {
        SimWorld w = SimWorld.demo();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient c = AmiClient.loggedIn(sim.port(), null)) {
            DemoScenario d = DemoScenario.start(w, 7);
            c.readUntil(m -> "Newchannel".equals(m.get("Event")) || "VarSet".equals(m.get("Event")));
            d.close();
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("ami-sim-demo")
                    && t.isAlive()));
        }
    }
}
