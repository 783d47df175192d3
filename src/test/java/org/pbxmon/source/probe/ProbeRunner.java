package org.pbxmon.source.probe;

import java.time.Duration;
import java.util.function.Predicate;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.SnapshotStore;

/** Waits for what a probe source publishes. */
final class ProbeRunner {
    private ProbeRunner() {
    }

    static ProbeStatus await(SnapshotStore store, String name, Predicate<ProbeStatus> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProbeStatus last = null;
        while (System.nanoTime() < deadline) {
            last = store.probes().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
            if (last != null && until.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("probe " + name + " not as expected within " + timeout + "; last: " + last);
    }

    /** Starts the probe, waits for its first complete run, closes it. */
    static ProbeStatus once(org.pbxmon.config.ProbeConfig config) {
        SnapshotStore store = new SnapshotStore();
        try (ProbeSource s = new ProbeSource(config, store)) {
            s.start();
            return await(store, config.name(), p -> p.runs() >= 1, Duration.ofSeconds(10));
        }
    }
}
