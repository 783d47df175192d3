package org.pbxmon.incident.callback;

import java.util.Map;
import java.util.Objects;

/**
 * What this process did for one callback since it started: for {@code /status} and the metrics. The
 * outbox itself (pending rows, the oldest, dead letters in total) is {@code IncidentStore.outboxStats()},
 * which the caller reads and joins by name: this snapshot never touches the database.
 *
 * @param host          the receiver's host (never the full URL: its query may hold a token)
 * @param active        false: configured but not delivered to (all counters zero)
 * @param failing       the last attempt failed (or the store could not be reached)
 * @param sent          deliveries answered with a 2xx
 * @param failures      failed attempts by reason: {@code timeout}, {@code connect}, {@code tls},
 *                      {@code io}, {@code http_3xx}, {@code http_4xx}, {@code http_5xx}, {@code store}
 *                      (a claim or mark the store refused), {@code lease_lost} (delivered after our lease
 *                      ran out), {@code internal}
 * @param deadLetters   rows this process gave up on (expired or refused)
 * @param inFlight      deliveries under way now
 * @param lastError     the last failure, or "" (no URL, no secret)
 * @param lastSuccessMs when the last 2xx came, or null
 */
public record CallbackStats(String name, String title, String host, boolean active, boolean failing, long sent,
        Map<String, Long> failures, long deadLetters, int inFlight, String lastError, Long lastSuccessMs) {
    public CallbackStats {
        Objects.requireNonNull(name, "name");
        failures = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(failures));
        lastError = lastError == null ? "" : lastError;
    }

    /** Failed attempts of every reason. */
    public long failuresTotal() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
