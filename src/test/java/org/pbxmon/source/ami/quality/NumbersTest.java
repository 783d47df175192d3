package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

/** The allocation-free decimal path gives exactly what Double.parseDouble gives. */
class NumbersTest {
    @Test
    void fastDecimalsAreExact() {
        Random r = new Random(18);
        for (int i = 0; i < 200_000; i++) {
            int intDigits = r.nextInt(8);
            int fracDigits = r.nextInt(8);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < intDigits; k++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
            if (fracDigits > 0 || intDigits == 0) {
                b.append('.');
                for (int k = 0; k < Math.max(1, fracDigits); k++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            String s = (r.nextBoolean() ? " " : "") + b;
            assertEquals(Double.parseDouble(s.trim()), Numbers.decimal(s).getAsDouble(), 0.0, s);
        }
        for (String bad : new String[] {"", " ", ".", "-1", "1e3", "NaN", "1.2.3", "0x10", "12a"}) {
            assertTrue(Numbers.decimal(bad).isEmpty(), bad);
        }
        assertEquals(88.087887, Numbers.decimal("088.087887").getAsDouble(), 0.0);
        assertEquals(5.0, Numbers.decimal("+5").getAsDouble(), 0.0);
    }

    /** The in-place readers of a frame's field agree with the String versions on every edge. */
    @Test
    void inPlaceAgreesWithTheStringPath() {
        String[] values = {"88.1", " 88.1", "88.1 ", "  088.100000  ", "000.000000", "0", "+12", "+", "+.5", ".5", "5.",
            ".", "", " ", "-1", "-0.5", "1e3", "NaN", "Infinity", "0x10", "12a", "1.2.3", "1234567890123456",
            "123456789012345", "1234567890.123456789", "99999999999999999999", "9223372036854775807",
            "9223372036854775808", "123456789012345678", "1234567890123456789", "\u00e9", "1\u00a02", "12\t",
            "\t12", "00000000000000000001", "3.14159265358979323846"};
        Random r = new Random(19);
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(values));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(22);
            for (int k = 0; k < len; k++) {
                b.append(" 0123456789.+-xe".charAt(r.nextInt(16)));
            }
            all.add(b.toString());
        }
        for (String v : all) {
            AmiMessage m = AmiMessage.of("Event: X\r\nV: " + v + "\r\n\r\n");
            String raw = m.value(1);
            double want = Numbers.decimal(raw).orElse(Double.NaN);
            assertEquals(want, Numbers.decimal(m, 1), 0.0, "decimal of [" + v + "]");
            long wantLong = Numbers.integer(raw, false).orElse(-1);
            assertEquals(wantLong, Numbers.unsigned(m, 1), "unsigned of [" + v + "]");
        }
        AmiMessage m = AmiMessage.of("Event: X\r\nV: 088.087887\r\nW: +42\r\n\r\n");
        assertEquals(88.087887, Numbers.decimal(m, 1), 0.0);
        assertEquals(42, Numbers.unsigned(m, 2));
    }
}
