package org.pbxmon.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executions of the agent's periodic tasks (AMI resync, CEL poll, probes, ...), for
 * {@code /monitor/timer-stats}: the runs of the last minute and the recent failures. Thread-safe.
 */
public final class TimerStats {
    /** One execution. */
    public record Run(String timer, long startedEpochMs, double seconds, String error) {
        public boolean failed() {
            return error != null && !error.isEmpty();
        }
    }

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_FAILED = 50;
    private final Map<String, Deque<Run>> recent = new TreeMap<>();
    private final Deque<Run> failed = new ArrayDeque<>();

    /** Records one execution; {@code error} null or empty on success, else a short reason without secrets. */
    public synchronized void record(String timer, long startedEpochMs, double seconds, String error) {
        Run r = new Run(timer, startedEpochMs, seconds, error == null ? "" : error);
        Deque<Run> q = recent.computeIfAbsent(timer, k -> new ArrayDeque<>());
        q.addLast(r);
        prune(q, System.currentTimeMillis());
        if (r.failed()) {
            failed.addLast(r);
            while (failed.size() > MAX_FAILED) {
                failed.removeFirst();
            }
        }
    }

    /** Runs of the last minute, per timer (timers seen once stay listed with no runs). */
    public synchronized Map<String, List<Run>> lastMinute() {
        long now = System.currentTimeMillis();
        Map<String, List<Run>> out = new TreeMap<>();
        for (Map.Entry<String, Deque<Run>> e : recent.entrySet()) {
            prune(e.getValue(), now);
            out.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return out;
    }

    public synchronized List<Run> failed() {
        return new ArrayList<>(failed);
    }

    private static void prune(Deque<Run> q, long now) {
        while (!q.isEmpty() && now - q.peekFirst().startedEpochMs() > WINDOW_MS) {
            q.removeFirst();
        }
    }
}
