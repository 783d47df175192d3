package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.MariaDb;

class CelTailTest {
    private static final long HOUR = 3_600_000;

    /** The real rows of cel-sample.tsv: 12 calls, each with its LINKEDID_END. */
    private static long feedSample(CelTail tail, int upToId) {
        long last = 0;
        for (String[] r : MariaDb.sampleRows()) {
            long id = Long.parseLong(r[0]);
            if (id > upToId) {
                break;
            }
            last = CelRules.epochMs(LocalDateTime.parse(r[2].replace(' ', 'T')), ZoneOffset.UTC);
            tail.accept(id, r[1], last, r[18]);
        }
        return last;
    }

    @Test
    void theSampleCountsEveryEventtypeAndEndsEveryCall() {
        CelTail tail = new CelTail(HOUR, 1000);
        assertFalse(tail.started());
        tail.startAfter(0);
        long t = feedSample(tail, Integer.MAX_VALUE);
        assertEquals(154, tail.position());
        assertEquals(Map.of("ANSWER", 22L, "BRIDGE_ENTER", 10L, "BRIDGE_EXIT", 10L, "CHAN_END", 32L, "CHAN_START", 32L,
                "HANGUP", 32L, "LINKEDID_END", 12L, "STREAM_BEGIN", 2L, "STREAM_END", 2L), tail.eventsByType());
        assertEquals(0, tail.openCalls(t));
    }

    @Test
    void callsAreOpenUntilTheirLinkedidEnds() {
        CelTail tail = new CelTail(HOUR, 1000);
        tail.startAfter(0);
        long t = feedSample(tail, 20);
        // ids 1..20 start calls 1795384832.0, .2, .5, .8 (Local channel pairs share the linkedid)
        assertEquals(4, tail.openCalls(t));
        assertTrue(tail.started());
        assertEquals(20, tail.position());
    }

    @Test
    void openCallsOlderThanTheWindowAreForgotten() {
        CelTail tail = new CelTail(HOUR, 1000);
        tail.startAfter(0);
        tail.accept(1, "CHAN_START", 0, "a");
        tail.accept(2, "CHAN_START", HOUR / 2, "b");
        tail.accept(3, "CHAN_START", HOUR / 2, "b");
        assertEquals(2, tail.openCalls(HOUR));
        assertEquals(1, tail.openCalls(HOUR + 1));
        tail.accept(4, "LINKEDID_END", HOUR, "b");
        assertEquals(0, tail.openCalls(HOUR + 1));
    }

    @Test
    void memoryIsBounded() {
        CelTail tail = new CelTail(HOUR, 3);
        tail.startAfter(0);
        for (int i = 1; i <= 10; i++) {
            tail.accept(i, "CHAN_START", 0, "call-" + i);
        }
        assertEquals(3, tail.openCalls(0));
        for (int i = 0; i < 200; i++) {
            tail.accept(100 + i, "USER_DEFINED_" + i, 0, "");
        }
        Map<String, Long> types = tail.eventsByType();
        assertEquals(CelTail.MAX_TYPES, types.size());
        assertTrue(types.get(CelTail.OTHER) > 100);
    }

    @Test
    void restartingForgetsOpenCallsButKeepsCounts() {
        CelTail tail = new CelTail(HOUR, 100);
        tail.startAfter(5);
        assertEquals(5, tail.position());
        tail.accept(6, "CHAN_START", 0, "x");
        tail.startAfter(0);
        assertEquals(0, tail.openCalls(0));
        assertEquals(Map.of("CHAN_START", 1L), tail.eventsByType());
    }
}
