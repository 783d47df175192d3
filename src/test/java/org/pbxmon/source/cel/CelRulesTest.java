package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CelRulesTest {
    private static final long MIN = 60_000;

    @Test
    void eventtimeIsReadInTheConfiguredZone() {
        // a row of cel-sample.tsv: written by Asterisk as local wall-clock time
        LocalDateTime t = LocalDateTime.parse("2026-11-22T22:00:32.631539");
        assertEquals(Instant.parse("2026-11-22T22:00:32.631Z").toEpochMilli(), CelRules.epochMs(t, ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-11-22T19:00:32.631Z").toEpochMilli(),
                CelRules.epochMs(t, ZoneId.of("Europe/Moscow")));
        assertEquals(Instant.parse("2026-11-23T03:00:32.631Z").toEpochMilli(),
                CelRules.epochMs(t, ZoneId.of("America/New_York")));
        assertEquals(Instant.parse("2026-11-22T16:30:32.631Z").toEpochMilli(),
                CelRules.epochMs(t, ZoneId.of("Asia/Kolkata")));
    }

    @Test
    void dstOverlapTakesTheEarlierOffsetAndGapMovesForward() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-10-25 02:30 happens twice in Berlin: first at +02:00
        assertEquals(Instant.parse("2026-10-25T00:30:00Z").toEpochMilli(),
                CelRules.epochMs(LocalDateTime.parse("2026-10-25T02:30:00"), berlin));
        // 2026-03-29 02:30 does not exist: 03:30 +02:00
        assertEquals(Instant.parse("2026-03-29T01:30:00Z").toEpochMilli(),
                CelRules.epochMs(LocalDateTime.parse("2026-03-29T02:30:00"), berlin));
    }

    @Test
    void ageIsNeverNegative() {
        assertEquals(90.5, CelRules.ageSeconds(100_500, 10_000));
        assertEquals(0.0, CelRules.ageSeconds(10_000, 20_000));
    }

    @Test
    void pendingIsExactUnderTheCapAndAnUpperBoundBeyond() {
        assertEquals(CelRules.Pending.NONE, CelRules.pending(100, 100, 0, 0, 10));
        assertEquals(CelRules.Pending.NONE, CelRules.pending(120, 100, 0, 0, 10));
        // ids with gaps: 5 rows in 90..100 are 5, not 10
        assertEquals(new CelRules.Pending(5, 2), CelRules.pending(90, 100, 5, 2, 10));
        // at the cap: MAX(id) - watermark
        assertEquals(new CelRules.Pending(1_000, 3), CelRules.pending(0, 1_000, 10, 3, 10));
    }

    @Test
    void stalledOnlyWhenCallsButNoRows() {
        long now = 100 * MIN;
        long window = 5 * MIN;
        long grace = 11_000;
        // calls for the last four minutes, the last CEL row 20 minutes ago: insert loss
        assertTrue(CelRules.stalled(now, now - 4 * MIN, now - MIN, now - 20 * MIN, window, grace));
        // idle PBX: the last call 30 minutes ago, no row for 40: no alarm
        assertFalse(CelRules.stalled(now, now - 31 * MIN, now - 30 * MIN, now - 40 * MIN, window, grace));
        assertFalse(CelRules.stalled(now, 0, 0, 0, window, grace));
        // rows are flowing
        assertFalse(CelRules.stalled(now, now - 4 * MIN, now - MIN, now - 30_000, window, grace));
        // the first call after a quiet night: its rows get a grace period to show up
        assertFalse(CelRules.stalled(now, now - 5_000, now - 5_000, now - 600 * MIN, window, grace));
        assertTrue(CelRules.stalled(now, now - 12_000, now - 5_000, now - 600 * MIN, window, grace));
        // never any row, calls: stalled
        assertTrue(CelRules.stalled(now, now - MIN, now - MIN, 0, window, grace));
    }

    @Test
    void bisectionFindsTheFirstRowOfTheWindowWithGapsInIds() {
        // rows at ids 10, 12, 14, ... 2000, one second apart
        List<long[]> rows = new ArrayList<>();
        for (long id = 10; id <= 2000; id += 2) {
            rows.add(new long[] {id, id * 1000});
        }
        int[] lookups = new int[1];
        java.util.function.LongFunction<long[]> rowAt = at -> {
            lookups[0]++;
            return rows.stream().filter(r -> r[0] >= at).findFirst().orElse(null);
        };
        assertEquals(1_000, CelRules.firstIdAtOrAfter(10, 2000, 999_500, rowAt));
        assertTrue(lookups[0] <= 12, "lookups " + lookups[0]);
        assertEquals(10, CelRules.firstIdAtOrAfter(10, 2000, 0, rowAt));
        assertEquals(2001, CelRules.firstIdAtOrAfter(10, 2000, 5_000_000, rowAt));
        assertEquals(2000, CelRules.firstIdAtOrAfter(10, 2000, 2_000_000, rowAt));
    }
}
