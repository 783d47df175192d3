package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesEveryUnitAndBareSeconds() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(4), Durations.parse("4h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofSeconds(7), Durations.parse(" 7s "));
        assertEquals(Duration.ofSeconds(-5), Durations.parse("-5s"));
    }

    @Test
    void rejectsOtherForms() {
        for (String s : new String[] {"5 minutes", "5 m", "1.5s", "10S", "s", "", "PT5S", "5w", "1h30m",
                "99999999999999999999d", "999999999999999999d"}) {
            assertNull(Durations.parse(s), s);
        }
    }

    @Test
    void formatsShortestExactForm() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("10s", Durations.format(Duration.ofSeconds(10)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
        assertEquals("4h", Durations.format(Duration.ofHours(4)));
        assertEquals("2d", Durations.format(Duration.ofDays(2)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }
}
