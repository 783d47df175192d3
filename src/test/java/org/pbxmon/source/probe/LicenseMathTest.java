package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LicenseMathTest {
    private static final LocalDate TILL = LocalDate.of(2025, 4, 15);

    @Test
    void expiresAtTheEndOfTheLastValidDayInTheConnectorsZone() {
        assertEquals(Instant.parse("2025-04-16T00:00:00Z"), LicenseMath.expiry(TILL, ZoneOffset.UTC));
        assertEquals(Instant.parse("2025-04-15T19:00:00Z"), LicenseMath.expiry(TILL, ZoneOffset.ofHours(5)));
        assertEquals(Instant.parse("2025-04-16T03:00:00Z"), LicenseMath.expiry(TILL, ZoneOffset.ofHours(-3)));
        // New York is on daylight time (UTC-4) in April, on standard time (UTC-5) in January
        assertEquals(Instant.parse("2025-04-16T04:00:00Z"), LicenseMath.expiry(TILL, ZoneId.of("America/New_York")));
        assertEquals(Instant.parse("2025-01-16T05:00:00Z"),
                LicenseMath.expiry(LocalDate.of(2025, 1, 15), ZoneId.of("America/New_York")));
        // +14:00: the day ends before it has begun in UTC
        assertEquals(Instant.parse("2025-04-15T10:00:00Z"), LicenseMath.expiry(TILL, ZoneId.of("Pacific/Kiritimati")));
    }

    @Test
    void daysRemainingRoundDown() {
        Instant expiry = LicenseMath.expiry(TILL, ZoneOffset.ofHours(5));
        assertEquals(1, LicenseMath.daysRemaining(expiry, Instant.parse("2025-04-14T19:00:00Z")));
        assertEquals(0, LicenseMath.daysRemaining(expiry, Instant.parse("2025-04-14T19:00:01Z")));
        assertEquals(0, LicenseMath.daysRemaining(expiry, Instant.parse("2025-04-15T18:59:59Z")));
        assertEquals(-1, LicenseMath.daysRemaining(expiry, Instant.parse("2025-04-15T19:00:01Z")));
        assertEquals(30, LicenseMath.daysRemaining(expiry, Instant.parse("2025-03-16T19:00:00Z")));
    }

    @Test
    void expiringSoonWithinTheWarningDaysOrExpired() {
        Instant expiry = LicenseMath.expiry(TILL, ZoneOffset.UTC);
        assertFalse(LicenseMath.expiringSoon(expiry, Instant.parse("2025-04-02T00:00:00Z"), 14));
        assertTrue(LicenseMath.expiringSoon(expiry, Instant.parse("2025-04-02T00:00:01Z"), 14));
        assertTrue(LicenseMath.expiringSoon(expiry, Instant.parse("2025-05-01T00:00:00Z"), 14));
        assertFalse(LicenseMath.expiringSoon(expiry, Instant.parse("2025-04-15T23:59:59Z"), 0));
    }

    @Test
    void onlyStrictIsoDates() {
        assertEquals(TILL, LicenseMath.date("2025-04-15"));
        assertEquals(TILL, LicenseMath.date(" 2025-04-15 "));
        assertNull(LicenseMath.date("02025-04-15"), "the seed's YYYYY-MM-DD");
        assertNull(LicenseMath.date("15.04.2025"));
        assertNull(LicenseMath.date("2025-4-15"));
        assertNull(LicenseMath.date("2025-02-30"));
        assertNull(LicenseMath.date("2025-04-15T00:00:00Z"));
        assertNull(LicenseMath.date(""));
    }

    @Test
    void offsetOfItgrixTimestamps() {
        assertEquals(ZoneOffset.ofHours(5), LicenseMath.offsetOf("2023-04-27 08:58:38.172 +05:00"));
        assertEquals(ZoneOffset.ofHoursMinutes(-3, -30), LicenseMath.offsetOf("2023-04-27 08:58:38 -03:30"));
        assertNull(LicenseMath.offsetOf("2023-04-27 08:58:38"));
        assertNull(LicenseMath.offsetOf(null));
    }

    @Test
    void downgradeRanksFreeBelowSubscriptionBelowProfessional() {
        assertTrue(LicenseMath.downgraded("Free", "Professional"));
        assertTrue(LicenseMath.downgraded("Subscription", "Professional"));
        assertTrue(LicenseMath.downgraded("Free", "Subscription"));
        assertFalse(LicenseMath.downgraded("Professional", "Professional"));
        assertFalse(LicenseMath.downgraded("professional", "Professional"));
        assertFalse(LicenseMath.downgraded("Professional", "Subscription"));
        assertFalse(LicenseMath.downgraded("LicenseType_Subscription", "Subscription"));
        assertFalse(LicenseMath.downgraded("Free", ""), "no expectation, no downgrade");
        assertTrue(LicenseMath.downgraded("Trial", "Professional"), "an unknown type is not what we expect");
        assertTrue(LicenseMath.downgraded("", "Free"));
    }
}
