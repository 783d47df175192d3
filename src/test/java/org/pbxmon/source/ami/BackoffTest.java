package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesToTheCeilingWithJitterAndResets() {
        double[] r = {0.0, 0.5, 0.999, 0.0, 0.5, 0.5};
        int[] i = {0};
        Backoff b = new Backoff(4000, () -> r[i[0]++ % r.length]);
        List<Long> d = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            d.add(b.next());
        }
        // nominal 500, 1000, 2000, 4000, 4000, 4000 times 0.8 + 0.4 r
        assertEquals(List.of(400L, 1000L, 2399L, 3200L, 4000L, 4000L), d);
        b.reset();
        assertEquals(400L, b.next());
    }

    @Test
    void theDefaultCeilingBringsAReturningPbxBackWithinTenSeconds() {
        Backoff b = new Backoff(8000);
        long max = 0;
        for (int k = 0; k < 1000; k++) {
            max = Math.max(max, b.next());
        }
        assertTrue(max < 10_000, "worst delay " + max);
        assertTrue(max >= 8000, "the ceiling is reached: " + max);
    }
}
