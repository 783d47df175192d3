package org.pbxmon.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as {@code 250ms}, {@code 10s}, {@code 5m}, {@code 4h}, {@code 1d} or a bare number of seconds. */
final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(-?[0-9]+)(ms|s|m|h|d)?");
    /** Upper bound of every duration, so consumers may call {@code toMillis()} and add safely. */
    static final Duration MAX = Duration.ofDays(365);

    private Durations() {
    }

    /** The duration, or null if the text is not one (or overflows). May be zero or negative. */
    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** The shortest exact form in the config syntax, e.g. {@code 250ms}, {@code 10s}, {@code 5m}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
