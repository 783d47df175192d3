package org.pbxmon.source.ami;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.source.ami.wire.Malformed;

/**
 * Counters of one PBX's AMI byte stream, fed from the session's reader thread. They survive
 * reconnects: they are counters for the life of the agent.
 */
final class WireStats {
    final AtomicLong events = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private final Map<Malformed, AtomicLong> malformed = new ConcurrentHashMap<>();
    volatile long lastReadMs;
    volatile long lastEventMs;
    volatile long lastDropMs;
    private final Runnable onDrop;

    WireStats(Runnable onDrop) {
        this.onDrop = onDrop;
    }

    void dropped() {
        dropped.incrementAndGet();
        lastDropMs = System.currentTimeMillis();
        onDrop.run();
    }

    void malformed(Malformed reason) {
        malformed.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Malformed frames by reason label; only reasons seen so far. */
    Map<String, Long> malformedByReason() {
        Map<String, Long> out = new TreeMap<>();
        malformed.forEach((r, n) -> out.put(r.label(), n.get()));
        return out;
    }

    long malformedTotal() {
        return malformed.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
