package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Polls every 10 s, window 5 min, grace 11 s: sequences as a real PBX produces them. */
class StallDetectorTest {
    private static final long S = 1_000;
    private static final long MIN = 60 * S;
    private final StallDetector d = new StallDetector(5 * MIN, 11 * S);

    @Test
    void busyPbxWhoseCelStopsIsStalledAfterTheWindow() {
        long t = 1_000 * MIN;
        long id = 100;
        assertFalse(d.update(t, id, t - S, 0, 0));
        // calls end every 10 s and CEL rows follow them
        for (int i = 1; i <= 30; i++) {
            t += 10 * S;
            assertFalse(d.update(t, id += 5, 0, t - 2 * S, 3), "poll " + i);
        }
        long lastRow = t;
        // cel_odbc starts failing: calls go on, MAX(id) stays
        boolean stalled = false;
        while (!stalled && t < lastRow + 10 * MIN) {
            t += 10 * S;
            stalled = d.update(t, id, 0, t - 2 * S, 3);
        }
        assertTrue(stalled);
        assertTrue(t - lastRow > 5 * MIN && t - lastRow <= 5 * MIN + 10 * S, "after " + (t - lastRow) / S + " s");
        // rows again: no longer stalled at once
        t += 10 * S;
        assertFalse(d.update(t, id + 3, 0, t - 2 * S, 3));
        assertEquals(t, d.lastRowSeenMs());
    }

    @Test
    void idlePbxIsNoAlarmAndTheFirstCallOfTheMorningGetsItsGrace() {
        long t = 1_000 * MIN;
        // the newest row is from last night
        assertFalse(d.update(t, 500, t - 600 * MIN, 0, 0));
        for (int i = 0; i < 60; i++) {
            t += 10 * S;
            assertFalse(d.update(t, 500, 0, 0, 0));
        }
        // a call starts: the poll sees the AMI call before its CHAN_START row
        t += 10 * S;
        assertFalse(d.update(t, 500, 0, 0, 1));
        // the next poll sees its rows
        t += 10 * S;
        assertFalse(d.update(t, 503, 0, 0, 1));
        t += 10 * S;
        assertFalse(d.update(t, 503, 0, 0, 1));
    }

    @Test
    void aCallWithNoRowsAfterAQuietNightIsStalledOnceTheGraceHasPassed() {
        long t = 1_000 * MIN;
        assertFalse(d.update(t, 500, t - 600 * MIN, 0, 0));
        t += 10 * S;
        assertFalse(d.update(t, 500, 0, 0, 1));
        t += 10 * S;
        assertFalse(d.update(t, 500, 0, 0, 1));
        t += 10 * S;
        assertTrue(d.update(t, 500, 0, t - 3 * S, 0));
        // no more calls: after the window the alarm clears by itself
        for (int i = 0; i < 31; i++) {
            t += 10 * S;
            d.update(t, 500, 0, t - 40 * S - i * 10 * S, 0);
        }
        assertFalse(d.update(t + 10 * S, 500, 0, 0, 0));
    }
}
