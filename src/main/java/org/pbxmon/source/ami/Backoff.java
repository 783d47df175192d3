package org.pbxmon.source.ami;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: 0.5 s doubling up to the ceiling ({@code reconnect_backoff_max}), each multiplied
 * by a random factor in [0.8, 1.2) so that many agents (or many PBXes of one agent) do not reconnect
 * in step. The same backoff serves a failed login and a session that logged in and then dropped; it
 * is reset only by a session that stayed healthy for a minute. Not thread-safe.
 */
final class Backoff {
    static final long INITIAL_MS = 500;

    private final long maxMs;
    private final DoubleSupplier random;
    private long nominalMs = INITIAL_MS;

    Backoff(long maxMs) {
        this(maxMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(long maxMs, DoubleSupplier random) {
        this.maxMs = Math.max(INITIAL_MS, maxMs);
        this.random = random;
    }

    /** The delay before the next attempt; the one after it doubles. */
    long next() {
        long d = Math.round(nominalMs * (0.8 + 0.4 * random.getAsDouble()));
        nominalMs = Math.min(nominalMs * 2, maxMs);
        return d;
    }

    void reset() {
        nominalMs = INITIAL_MS;
    }
}
