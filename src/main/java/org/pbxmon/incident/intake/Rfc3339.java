package org.pbxmon.incident.intake;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times as Go's {@code time.RFC3339Nano} writes them (Alertmanager:
 * {@code 2026-11-28T09:00:00.123456789Z}, {@code 2018-08-03T09:52:26.739266876+02:00}), and Go's zero
 * time {@code 0001-01-01T00:00:00Z}, which Alertmanager sends for "no end".
 *
 * <p>Strict: seconds are required, a fraction has 1 to 9 digits, the offset is {@code Z} or
 * {@code ±hh:mm}; {@code T} and {@code Z} may be lower-case (RFC 3339 §5.6). The date must exist
 * (no February 30th) and leap seconds ({@code :60}) are refused.
 */
final class Rfc3339 {
    /** Go's {@code time.Time{}} as Alertmanager marshals it. */
    static final String GO_ZERO = "0001-01-01T00:00:00Z";
    private static final int MAX_LENGTH = 40;
    private static final Pattern SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {
    }

    /** True for Go's zero time in any offset form Alertmanager could write it ({@code Z}). */
    static boolean isGoZero(String s) {
        return GO_ZERO.equalsIgnoreCase(s);
    }

    /**
     * Epoch milliseconds (sub-millisecond digits are truncated), or null when {@code s} is not an
     * RFC 3339 date-time.
     */
    static Long epochMillis(String s) {
        if (s == null || s.length() > MAX_LENGTH || !SHAPE.matcher(s).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
