package org.pbxmon.source.ami;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.EventBurst;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.LabAgent;

/**
 * Ingest benchmark (not a test): the simulator floods one AMI session over loopback with events from
 * the real mix as fast as the agent reads them; we time how fast they are applied to the state.
 * Run: {@code bench/run ingest [events] [runs]}.
 */
public final class IngestBench {
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret")) {
            AgentConfig cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("bench", sim, "")
                    .replace("ping_interval: 1s", "ping_interval: 10s").replace("read_timeout: 3s", "read_timeout: 60s")
                    .replace("response_timeout: 1s", "response_timeout: 10s"));
            SnapshotStore store = new SnapshotStore();
            AmiSource source = new AmiSource(cfg.pbxes().get(0), store, Duration.ofMillis(250));
            source.start();
            try {
                long deadline = System.currentTimeMillis() + 10_000;
                while (store.get("bench") == null || !store.get("bench").ami().synced()) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("no sync");
                    }
                    Thread.sleep(20);
                }
                System.out.println("warm-up: " + run(sim, source, Math.min(events, 300_000)) + " events/s");
                List<Double> rates = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    double r = run(sim, source, events);
                    rates.add(r);
                    System.out.printf("run %d: %,.0f events/s applied (dropped so far %d)%n", i + 1, r,
                            store.get("bench").ami().eventsDropped());
                }
                Collections.sort(rates);
                System.out.printf("median of %d runs of %,d events: %,.0f events/s%n", runs, events, rates.get(runs / 2));
            } finally {
                source.close();
            }
        }
    }

    private static double run(AmiSimulator sim, AmiSource source, int events) throws InterruptedException {
        long before = source.applied.get();
        long t0 = System.nanoTime();
        Thread sender = new Thread(() -> EventBurst.send(sim, events), "burst");
        sender.start();
        long target = before + events;
        long lastProgress = System.nanoTime();
        long last = before;
        while (source.applied.get() < target) {
            Thread.sleep(1);
            long now = source.applied.get();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                break; // some events were dropped: stop at the last one applied
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9 - (source.applied.get() < target ? 3.0 : 0);
        sender.join();
        return (source.applied.get() - before) / secs;
    }
}
