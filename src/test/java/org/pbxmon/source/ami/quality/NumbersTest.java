package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

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
}
