package org.pbxmon.source.ami.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.QueueService;
import org.pbxmon.source.ami.quality.TelephonyBuckets;

/**
 * Queue outcomes and service level. Each caller is decided once: {@code AgentConnect} answers it
 * (wait = its {@code HoldTime}), {@code QueueCallerAbandon} abandons it (Asterisk sends it before the
 * caller's {@code QueueCallerLeave}), and a {@code QueueCallerLeave} that no {@code AgentConnect}
 * follows within {@link #CONNECT_GRACE_MS} (or that its hangup follows) is a timeout: the caller left
 * unanswered by timeout, an empty queue or an exit key. Not thread-safe.
 */
final class QueueServiceTracker {
    static final List<String> OUTCOMES = List.of("answered", "abandoned", "timeout", "transferred");
    static final long CONNECT_GRACE_MS = 2_000;
    private static final int MAX_WAITING = 100_000;
    /** Queue names come from events: past this many, a new name is not tracked (no unbounded series). */
    static final int MAX_QUEUES = 2_000;

    private record Key(String tenant, String queue) {
    }

    private record Waiting(Key key, long joinedMs) {
    }

    private record Left(Key key, long leftMs, double waitedSeconds) {
    }

    private final class Acc {
        final Map<String, Long> outcomes = new LinkedHashMap<>();
        final HistogramAcc answerWait = new HistogramAcc(TelephonyBuckets.queueWaitSeconds());
        final HistogramAcc abandonWait = new HistogramAcc(TelephonyBuckets.queueWaitSeconds());
        /** fields: 0 offered, 1.. answered within threshold i */
        final Slots window = new Slots(windowMinutes, 1 + thresholds.length);

        Acc() {
            for (String o : OUTCOMES) {
                outcomes.put(o, 0L);
            }
        }
    }

    private final long[] thresholds;
    private final int windowMinutes;
    private final String windowLabel;
    private final Tenants tenants;
    private final Map<Key, Acc> queues = new TreeMap<>((a, b) -> {
        int c = String.valueOf(a.tenant()).compareTo(String.valueOf(b.tenant()));
        return c != 0 ? c : a.queue().compareTo(b.queue());
    });
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, Left> left = new HashMap<>();

    QueueServiceTracker(List<Duration> thresholds, Duration window, Tenants tenants) {
        this.thresholds = thresholds.stream().mapToLong(Duration::toSeconds).toArray();
        this.windowMinutes = (int) Math.max(1, window.toMinutes());
        this.windowLabel = window.toString();
        this.tenants = tenants;
    }

    void join(String queue, String uniqueId, String callerTenant, long nowMs) {
        if (waiting.size() < MAX_WAITING) {
            waiting.put(uniqueId, new Waiting(new Key(tenants.ofQueue(queue, callerTenant), queue), nowMs));
        }
        left.remove(uniqueId);
    }

    void leave(String queue, String uniqueId, long nowMs) {
        Waiting w = waiting.remove(uniqueId);
        if (w == null) {
            return; // decided already (abandoned), or joined before we watched
        }
        left.put(uniqueId, new Left(w.key(), nowMs, (nowMs - w.joinedMs()) / 1000.0));
    }

    void abandon(String queue, String uniqueId, String callerTenant, Double holdSeconds, long nowMs) {
        Waiting w = waiting.remove(uniqueId);
        left.remove(uniqueId);
        Key key = w != null ? w.key() : new Key(tenants.ofQueue(queue, callerTenant), queue);
        double wait = holdSeconds != null ? holdSeconds : w != null ? (nowMs - w.joinedMs()) / 1000.0 : Double.NaN;
        Acc a = acc(key);
        a.outcomes.merge("abandoned", 1L, Long::sum);
        a.abandonWait.observe(wait, null, nowMs);
        a.window.add(nowMs, 0, 1);
    }

    void connect(String queue, String uniqueId, String linkedId, String callerTenant, Double holdSeconds, long nowMs) {
        Waiting w = waiting.remove(uniqueId);
        Left l = left.remove(uniqueId);
        Key key = l != null ? l.key() : w != null ? w.key() : new Key(tenants.ofQueue(queue, callerTenant), queue);
        double wait = holdSeconds != null ? holdSeconds
                : l != null ? l.waitedSeconds() : w != null ? (nowMs - w.joinedMs()) / 1000.0 : Double.NaN;
        Acc a = acc(key);
        a.outcomes.merge("answered", 1L, Long::sum);
        a.answerWait.observe(wait, linkedId, nowMs);
        a.window.add(nowMs, 0, 1);
        for (int i = 0; i < thresholds.length; i++) {
            if (!Double.isNaN(wait) && wait <= thresholds[i]) {
                a.window.add(nowMs, 1 + i, 1);
            }
        }
    }

    /** AgentComplete: a transfer by the agent counts as transferred (the call was answered already). */
    void complete(String queue, String uniqueId, String callerTenant, String reason) {
        if (reason != null && reason.trim().equalsIgnoreCase("transfer")) {
            acc(new Key(tenants.ofQueue(queue, callerTenant), queue)).outcomes.merge("transferred", 1L, Long::sum);
        }
    }

    /** The channel hung up: it is no longer waiting; a caller that had left unanswered timed out. */
    void channelGone(String uniqueId, long nowMs) {
        waiting.remove(uniqueId);
        Left l = left.remove(uniqueId);
        if (l != null) {
            timeout(l, nowMs);
        }
    }

    /** Decide the callers that left without an agent connecting within the grace time. */
    void expire(long nowMs) {
        for (Iterator<Left> it = left.values().iterator(); it.hasNext();) {
            Left l = it.next();
            if (nowMs - l.leftMs() >= CONNECT_GRACE_MS) {
                it.remove();
                timeout(l, nowMs);
            }
        }
    }

    /** Drop waiting callers whose channels are gone (a resync found them missing). */
    void retain(java.util.Set<String> liveUniqueIds, long nowMs) {
        waiting.keySet().retainAll(liveUniqueIds);
        for (Iterator<Map.Entry<String, Left>> it = left.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Left> e = it.next();
            if (!liveUniqueIds.contains(e.getKey())) {
                it.remove();
                timeout(e.getValue(), nowMs);
            }
        }
    }

    private void timeout(Left l, long nowMs) {
        Acc a = acc(l.key());
        a.outcomes.merge("timeout", 1L, Long::sum);
        a.window.add(nowMs, 0, 1);
    }

    /** A queue known from QueueStatus: zero series before its first caller. */
    void known(String queue) {
        acc(new Key(tenants.ofQueue(queue, null), queue));
    }

    private Acc acc(Key key) {
        Acc a = queues.get(key);
        if (a == null) {
            a = new Acc();
            if (queues.size() < MAX_QUEUES) {
                queues.put(key, a);
            }
        }
        return a;
    }

    String windowLabel() {
        return windowLabel;
    }

    List<QueueService> snapshot(long nowMs) {
        List<QueueService> out = new ArrayList<>(queues.size());
        for (Map.Entry<Key, Acc> e : queues.entrySet()) {
            Acc a = e.getValue();
            double offered = a.window.sum(nowMs, windowMinutes, 0);
            Map<String, Double> sl = new LinkedHashMap<>();
            if (offered > 0) {
                for (int i = 0; i < thresholds.length; i++) {
                    sl.put(Long.toString(thresholds[i]), a.window.sum(nowMs, windowMinutes, 1 + i) / offered);
                }
            }
            out.add(new QueueService(e.getKey().tenant(), e.getKey().queue(), a.outcomes, a.answerWait.snapshot(),
                    a.abandonWait.snapshot(), sl, (long) offered));
        }
        return out;
    }
}
