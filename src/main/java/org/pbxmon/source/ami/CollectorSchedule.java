package org.pbxmon.source.ami;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pbxmon.model.CollectorResult;

/**
 * The collectors of one AMI session: their last results, which are absent (module not loaded), and
 * when a failed one runs again. A failed collector is retried on its own backoff, from a quarter of
 * {@code resync_interval} (at most 10 s) doubling up to {@code resync_interval}; the others are not
 * re-run for it. Not thread-safe: the control thread owns it.
 */
final class CollectorSchedule {
    static final long FIRST_RETRY_MAX_MS = 10_000;

    private final long resyncMs;
    private final Map<String, CollectorResult> results = new HashMap<>();
    private final Map<String, Long> retryAtMs = new HashMap<>();
    private final Map<String, Long> retryDelayMs = new HashMap<>();
    /** Shared with {@link AmiSync}, which adds a collector whose module answers "Invalid/unknown command". */
    private Set<String> absent = ConcurrentHashMap.newKeySet();

    CollectorSchedule(long resyncMs) {
        this.resyncMs = Math.max(1000, resyncMs);
    }

    /** A new session: nothing has run, nothing is known absent. */
    void newSession() {
        results.clear();
        retryAtMs.clear();
        retryDelayMs.clear();
        absent = ConcurrentHashMap.newKeySet();
    }

    Set<String> absent() {
        return absent;
    }

    /** Every present collector has run at least once this session. */
    boolean allRun() {
        for (String name : AmiSync.COLLECTORS) {
            if (!absent.contains(name) && !results.containsKey(name)) {
                return false;
            }
        }
        return true;
    }

    /** Collectors to run now: all (a full resync), or those not run yet and failed ones whose time has come. */
    List<String> due(long nowMs, boolean all) {
        List<String> due = new ArrayList<>();
        for (String name : AmiSync.COLLECTORS) {
            if (absent.contains(name)) {
                continue;
            }
            CollectorResult r = results.get(name);
            if (all || r == null || (!r.success() && nowMs >= retryAtMs.getOrDefault(name, 0L))) {
                due.add(name);
            }
        }
        return due;
    }

    /** Records a run; a null result means the collector turned out absent. True on a first failure. */
    boolean record(String name, CollectorResult r, long nowMs) {
        if (r == null) {
            results.remove(name);
            return false;
        }
        results.put(name, r);
        if (r.success()) {
            retryAtMs.remove(name);
            retryDelayMs.remove(name);
            return false;
        }
        Long prev = retryDelayMs.get(name);
        long delay = prev == null ? Math.min(FIRST_RETRY_MAX_MS, resyncMs / 4) : Math.min(prev * 2, resyncMs);
        retryDelayMs.put(name, delay);
        retryAtMs.put(name, nowMs + delay);
        return prev == null;
    }

    /** The last result of each collector, in sync order. */
    List<CollectorResult> results() {
        List<CollectorResult> out = new ArrayList<>();
        for (String name : AmiSync.COLLECTORS) {
            CollectorResult r = results.get(name);
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
