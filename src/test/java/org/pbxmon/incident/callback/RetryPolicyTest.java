package org.pbxmon.incident.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.pbxmon.incident.callback.RetryPolicy.Decision;
import org.pbxmon.incident.callback.RetryPolicy.Kind;

class RetryPolicyTest {
    static final Duration DAY = Duration.ofDays(1);
    static final long NOW = 1_700_000_000_000L;

    static RetryPolicy fixed(double random) {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2, 3, () -> random);
    }

    @Test
    void backoffDoublesFromOneSecondToFiveMinutes() {
        RetryPolicy p = fixed(0.5); // factor 1
        assertEquals(1_000, p.backoffMs(1));
        assertEquals(2_000, p.backoffMs(2));
        assertEquals(4_000, p.backoffMs(3));
        assertEquals(256_000, p.backoffMs(9));
        assertEquals(300_000, p.backoffMs(10));
        assertEquals(300_000, p.backoffMs(1_000_000));
    }

    @Test
    void jitterIsPlusMinusTwentyPercent() {
        assertEquals(800, fixed(0.0).backoffMs(1));
        assertEquals(1_200, fixed(0.99999999).backoffMs(1));
        assertEquals(240_000, fixed(0.0).backoffMs(20));
        RetryPolicy real = RetryPolicy.standard();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long d = real.backoffMs(4);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 6_400 && max <= 9_600, min + ".." + max);
        assertTrue(max - min > 2_000, "jitter spreads: " + min + ".." + max);
    }

    @Test
    void twoHundredsAreDelivered() {
        assertEquals(Kind.DELIVERED, fixed(0.5).decide(Outcome.http(200, null), 1, NOW, NOW, DAY).kind());
        assertEquals(Kind.DELIVERED, fixed(0.5).decide(Outcome.http(204, null), 7, NOW - 10, NOW, DAY).kind());
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        RetryPolicy p = fixed(0.5);
        for (Outcome o : new Outcome[] {Outcome.http(500, null), Outcome.http(503, null), Outcome.http(408, null),
                Outcome.http(429, null), Outcome.http(302, null), Outcome.failed(Outcome.TIMEOUT, "t"),
                Outcome.failed(Outcome.CONNECT, "refused"), Outcome.failed(Outcome.IO, "reset")}) {
            Decision d = p.decide(o, 5, NOW, NOW, DAY);
            assertEquals(Kind.RETRY, d.kind(), o.toString());
            assertEquals(NOW + 16_000, d.nextAttemptMs(), o.toString());
            assertEquals(o.describe(), d.error());
        }
        assertEquals(Kind.RETRY, p.decide(Outcome.http(500, null), 100, NOW, NOW, DAY).kind());
    }

    @Test
    void otherClientErrorsAreTriedThreeTimesThenRefused() {
        RetryPolicy p = fixed(0.5);
        assertEquals(Kind.RETRY, p.decide(Outcome.http(404, null), 1, NOW, NOW, DAY).kind());
        assertEquals(Kind.RETRY, p.decide(Outcome.http(404, null), 2, NOW, NOW, DAY).kind());
        Decision d = p.decide(Outcome.http(404, null), 3, NOW, NOW, DAY);
        assertEquals(new Decision(Kind.DEAD, 0, "refused: HTTP 404"), d);
        assertEquals("refused: HTTP 401", p.decide(Outcome.http(401, null), 3, NOW, NOW, DAY).error());
    }

    @Test
    void anOldRowExpiresAndTheLastRetryIsAtItsDeadline() {
        RetryPolicy p = fixed(0.5);
        Duration hour = Duration.ofHours(1);
        long created = NOW - hour.toMillis() - 1;
        assertEquals(new Decision(Kind.DEAD, 0, "expired"), p.decide(Outcome.http(500, null), 9, created, NOW, hour));
        assertTrue(RetryPolicy.expired(created, NOW, hour));
        assertEquals(false, RetryPolicy.expired(NOW - hour.toMillis(), NOW, hour));
        Decision near = p.decide(Outcome.http(500, null), 12, NOW - hour.toMillis() + 5_000, NOW, hour);
        assertEquals(new Decision(Kind.RETRY, NOW + 5_000, "HTTP 500"), near);
    }

    @Test
    void retryAfterIsHonouredOn429And503WithinLimits() {
        RetryPolicy p = fixed(0.5);
        assertEquals(NOW + 30_000, p.decide(Outcome.http(429, "30"), 1, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 7_000, p.decide(Outcome.http(503, " 7 "), 1, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 300_000, p.decide(Outcome.http(429, "86400"), 1, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 300_000, p.decide(Outcome.http(429, "99999999999999"), 1, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 1_000, p.decide(Outcome.http(429, "0"), 1, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 4_000, p.decide(Outcome.http(429, "soon"), 3, NOW, NOW, DAY).nextAttemptMs());
        assertEquals(NOW + 4_000, p.decide(Outcome.http(500, "30"), 3, NOW, NOW, DAY).nextAttemptMs());
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(NOW + 20_000), ZoneOffset.UTC));
        assertEquals(NOW + 20_000, p.decide(Outcome.http(503, date), 1, NOW, NOW, DAY).nextAttemptMs());
    }

    @Test
    void outcomesNameTheirCounter() {
        assertEquals("http_5xx", Outcome.http(502, null).reason());
        assertEquals("http_4xx", Outcome.http(429, null).reason());
        assertEquals("http_3xx", Outcome.http(301, null).reason());
        assertEquals("timeout", Outcome.failed(Outcome.TIMEOUT, "x").reason());
        assertEquals("HTTP 301", Outcome.http(301, null).describe());
        assertEquals("connect: refused", Outcome.failed(Outcome.CONNECT, "refused").describe());
    }
}
