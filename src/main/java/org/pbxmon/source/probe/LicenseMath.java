package org.pbxmon.source.probe;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/**
 * License arithmetic. {@code valid_till} is the last day on which the license is valid, so it expires
 * at the start of the next day in the connector's time zone. Pure.
 */
final class LicenseMath {
    /** Strictly YYYY-MM-DD: four-digit year, real dates only. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** The Itgrix timestamp format, e.g. {@code 2023-04-27 08:58:38.172 +05:00}. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSS] xxx", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** License types from lowest to highest. */
    static final List<String> RANK = List.of("free", "subscription", "professional");
    private static final long DAY = 86_400;

    private LicenseMath() {
    }

    /** The date, or null when the text is not exactly YYYY-MM-DD. */
    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim(), DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The UTC offset of an Itgrix timestamp, or null when it is not one. */
    static ZoneOffset offsetOf(String stamp) {
        if (stamp == null) {
            return null;
        }
        try {
            return STAMP.parse(stamp.trim()).query(t -> ZoneOffset.from(t));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instant the license stops being valid: the start of the day after {@code validTill} in {@code zone}. */
    static Instant expiry(LocalDate validTill, ZoneId zone) {
        return validTill.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Whole days from {@code now} to {@code expiry}, rounded down: 0 = under a day left, negative = expired. */
    static long daysRemaining(Instant expiry, Instant now) {
        return Math.floorDiv(expiry.getEpochSecond() - now.getEpochSecond(), DAY);
    }

    /** Whether it expires within {@code warnDays} days of {@code now} (or has expired). */
    static boolean expiringSoon(Instant expiry, Instant now, int warnDays) {
        return expiry.getEpochSecond() - now.getEpochSecond() < warnDays * DAY;
    }

    /**
     * Whether {@code type} is below {@code expected}. Known types compare by rank (Free, Subscription,
     * Professional; "LicenseType_" prefixes and case ignored); an unknown type is a downgrade unless it
     * is the expected one. No expectation: never.
     */
    static boolean downgraded(String type, String expected) {
        if (expected == null || expected.isBlank()) {
            return false;
        }
        String t = normal(type);
        String e = normal(expected);
        if (t.equals(e)) {
            return false;
        }
        int ti = RANK.indexOf(t);
        int ei = RANK.indexOf(e);
        return ti < 0 || ei < 0 || ti < ei;
    }

    private static String normal(String type) {
        String s = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("licensetype_") ? s.substring("licensetype_".length()) : s;
    }
}
