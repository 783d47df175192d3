package org.pbxmon.source.ami;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one PBX's AMI byte stream, fed from the asterisk-java reader thread. They survive
 * reconnects: they are counters for the life of the agent.
 */
final class WireStats {
    final AtomicLong events = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    volatile long lastReadMs;
    volatile long lastEventMs;
    volatile long lastDropMs;
    /** Event types asterisk-java has no class for; learned from its one log line per type. */
    final Set<String> unknownTypes = ConcurrentHashMap.newKeySet();
    private final Runnable onDrop;

    WireStats(Runnable onDrop) {
        this.onDrop = onDrop;
    }

    void dropped() {
        dropped.incrementAndGet();
        lastDropMs = System.currentTimeMillis();
        onDrop.run();
    }
}
