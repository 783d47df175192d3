package org.pbxmon.incident.callback;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again, and when to give it up (pure). A 2xx is delivered. A 408, a 429, a 5xx,
 * a 3xx (redirects are not followed), a timeout or a connection failure is retried after an exponential
 * backoff ({@code base} doubling up to {@code max}, times a random factor in [1-jitter, 1+jitter)), or
 * after the receiver's {@code Retry-After} on a 429 or 503 (kept within [base, max]). Any other 4xx is
 * tried {@code refusedAttempts} times in all, then dead ("refused: HTTP 404"). A row older than
 * {@code maxAge} is dead ("expired"); the last retry is scheduled no later than the moment it expires.
 */
record RetryPolicy(Duration base, Duration max, double jitter, int refusedAttempts, DoubleSupplier random) {
    static final String EXPIRED = "expired";

    RetryPolicy {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || jitter < 0 || jitter >= 1
                || refusedAttempts < 1) {
            throw new IllegalArgumentException("retry policy out of range");
        }
    }

    /** 1 s doubling to 5 min, ±20 %, a refused delivery tried 3 times. */
    static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2, 3,
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    enum Kind { DELIVERED, RETRY, DEAD }

    /**
     * @param nextAttemptMs when to try again (RETRY only)
     * @param error         the outcome described (RETRY), or the dead letter's reason (DEAD)
     */
    record Decision(Kind kind, long nextAttemptMs, String error) {
    }

    /** The delay after {@code attempts} failed attempts (1 = the first failed). */
    long backoffMs(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        double ms = Math.min((double) base.toMillis() * Math.pow(2, doublings), max.toMillis());
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        return Math.max(1, Math.round(ms * factor));
    }

    /** True when a row created at {@code createdMs} is past its age at {@code nowMs}. */
    static boolean expired(long createdMs, long nowMs, Duration maxAge) {
        return nowMs - createdMs > maxAge.toMillis();
    }

    /**
     * Decides after an attempt.
     *
     * @param attempts attempts made, this one included
     */
    Decision decide(Outcome outcome, int attempts, long createdMs, long nowMs, Duration maxAge) {
        if (outcome.success()) {
            return new Decision(Kind.DELIVERED, 0, null);
        }
        int status = outcome.failure() == null ? outcome.status() : 0;
        boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
        if (refused && attempts >= refusedAttempts) {
            return new Decision(Kind.DEAD, 0, "refused: HTTP " + status);
        }
        if (expired(createdMs, nowMs, maxAge)) {
            return new Decision(Kind.DEAD, 0, EXPIRED);
        }
        long delay = backoffMs(attempts);
        if (status == 429 || status == 503) {
            long asked = retryAfterMs(outcome.retryAfter(), nowMs);
            if (asked >= 0) {
                delay = Math.max(base.toMillis(), Math.min(asked, max.toMillis()));
            }
        }
        long next = Math.max(nowMs, Math.min(nowMs + delay, createdMs + maxAge.toMillis()));
        return new Decision(Kind.RETRY, next, outcome.describe());
    }

    /** {@code Retry-After} as milliseconds from {@code nowMs}: seconds or an HTTP date; -1 when absent or bad. */
    static long retryAfterMs(String value, long nowMs) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 9) {
                return Long.MAX_VALUE / 4;
            }
            return Long.parseLong(v) * 1000;
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMs);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
