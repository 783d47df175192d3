package org.pbxmon.source.ami.quality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.pbxmon.source.ami.wire.AmiMessage;

/**
 * Tolerant number and {@code key=value;} list parsing shared by the quality parsers. Nothing here
 * throws: anything that is not a plain decimal number is "unknown" (empty), never 0.
 */
final class Numbers {
    private Numbers() {
    }

    /**
     * Splits {@code k1=v1;k2=v2;...} into keys (lower-cased, trimmed) and trimmed values. Items
     * without '=' or with an empty key are skipped; a repeated key keeps its first value. Null gives
     * an empty map.
     */
    static Map<String, String> fields(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        int i = 0;
        int n = s.length();
        while (i <= n) {
            int end = s.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int eq = s.indexOf('=', i);
            if (eq > i && eq < end) {
                String k = s.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
                if (!k.isEmpty()) {
                    out.putIfAbsent(k, s.substring(eq + 1, end).trim());
                }
            }
            i = end + 1;
        }
        return out;
    }

    /**
     * A non-negative finite decimal ({@code 12}, {@code 000.000125}, {@code .5}, {@code +1.0});
     * empty for null, blank, negative, exponent, hex, NaN, Infinity or any other text.
     */
    static OptionalDouble decimal(String s) {
        if (s == null) {
            return OptionalDouble.empty();
        }
        double fast = plainDecimal(s);
        if (!Double.isNaN(fast)) {
            return OptionalDouble.of(fast);
        }
        String t = s.trim();
        int start = !t.isEmpty() && t.charAt(0) == '+' ? 1 : 0;
        boolean digit = false;
        boolean dot = false;
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return OptionalDouble.empty();
            }
        }
        if (!digit || t.length() > 64) {
            return OptionalDouble.empty();
        }
        double d = Double.parseDouble(t.substring(start));
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /**
     * {@link #decimal(String)} of field {@code i}'s value, read in place: NaN when unknown. The common
     * case (spaces, up to 15 digits, one dot) allocates nothing; anything else takes the String path,
     * so the two always agree. The scan is {@code plainDecimal}'s over the frame's bytes instead of a
     * String's chars, written out twice on purpose: an accessor per character would cost the hot path
     * more than the duplicate lines ({@code NumbersTest} checks that the two agree).
     */
    static double decimal(AmiMessage m, int i) {
        int a = 0;
        int n = m.valueLength(i);
        while (a < n && m.valueByte(i, a) == ' ') {
            a++;
        }
        while (n > a && m.valueByte(i, n - 1) == ' ') {
            n--;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; a < n; a++) {
            int c = m.valueByte(i, a);
            if (c >= '0' && c <= '9') {
                if (++digits > 15) {
                    return decimal(m.value(i)).orElse(Double.NaN);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return decimal(m.value(i)).orElse(Double.NaN);
            }
        }
        if (digits == 0) {
            return decimal(m.value(i)).orElse(Double.NaN);
        }
        return scale <= 0 ? mantissa : mantissa / POW10[scale];
    }

    /**
     * {@code integer(value, false)} of field {@code i}'s value, read in place: -1 when unknown (the
     * value is never negative). Up to 18 digits allocate nothing; anything else takes the String path.
     */
    static long unsigned(AmiMessage m, int i) {
        int a = 0;
        int n = m.valueLength(i);
        while (a < n && m.valueByte(i, a) >= 0 && m.valueByte(i, a) <= ' ') {
            a++;
        }
        while (n > a && m.valueByte(i, n - 1) >= 0 && m.valueByte(i, n - 1) <= ' ') {
            n--;
        }
        if (a < n && m.valueByte(i, a) == '+') {
            a++;
        }
        if (a == n || n - a > 18) {
            return integer(m.value(i), false).orElse(-1);
        }
        long v = 0;
        for (; a < n; a++) {
            int c = m.valueByte(i, a);
            if (c < '0' || c > '9') {
                return integer(m.value(i), false).orElse(-1);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A decimal integer that fits a long, optionally signed when {@code signed}; else empty. */
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};

    /**
     * The common case without allocating: optional spaces, digits, at most one dot, at most 15
     * digits. Exact like {@link Double#parseDouble} (an integer below 2^53 divided by an exact power
     * of ten is correctly rounded). NaN for anything else, which the slow path then judges.
     */
    private static double plainDecimal(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        while (n > i && s.charAt(n - 1) == ' ') {
            n--;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        return scale <= 0 ? mantissa : mantissa / POW10[scale];
    }

    static OptionalLong integer(String s, boolean signed) {
        if (s == null) {
            return OptionalLong.empty();
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 19) {
            return OptionalLong.empty();
        }
        int start = t.charAt(0) == '+' || (signed && t.charAt(0) == '-') ? 1 : 0;
        if (start == t.length()) {
            return OptionalLong.empty();
        }
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code 0x42ca3cf2} or decimal, as an unsigned 32-bit value; else empty. */
    static OptionalLong ssrc(String s) {
        if (s == null) {
            return OptionalLong.empty();
        }
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String h = t.substring(2);
            if (h.isEmpty() || h.length() > 8) {
                return OptionalLong.empty();
            }
            for (int i = 0; i < h.length(); i++) {
                if (Character.digit(h.charAt(i), 16) < 0) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(Long.parseLong(h, 16));
        }
        OptionalLong v = integer(t, false);
        return v.isPresent() && v.getAsLong() <= 0xFFFF_FFFFL ? v : OptionalLong.empty();
    }
}
