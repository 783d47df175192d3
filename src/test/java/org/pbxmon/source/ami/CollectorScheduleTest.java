package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.CollectorResult;

class CollectorScheduleTest {
    private static CollectorResult ok(String n) {
        return new CollectorResult(n, true, 0.01, 0, "");
    }

    private static CollectorResult failed(String n) {
        return new CollectorResult(n, false, 0.01, 0, "Permission denied");
    }

    @Test
    void aFailedCollectorAloneIsRetriedOnItsOwnDoublingDelay() {
        CollectorSchedule s = new CollectorSchedule(300_000);
        assertEquals(AmiSync.COLLECTORS, s.due(0, false), "a new session runs everything");
        for (String n : AmiSync.COLLECTORS) {
            s.record(n, n.equals("queues") ? failed(n) : ok(n), 0);
        }
        assertTrue(s.allRun());
        assertEquals(List.of(), s.due(9_999, false));
        assertEquals(List.of("queues"), s.due(10_000, false), "first retry after 10 s");
        assertFalse(s.record("queues", failed("queues"), 10_000), "not a first failure: no second warning");
        assertEquals(List.of(), s.due(29_999, false));
        assertEquals(List.of("queues"), s.due(30_000, false), "then 20 s");
        s.record("queues", ok("queues"), 30_000);
        assertEquals(List.of(), s.due(1_000_000, false));
        assertEquals(AmiSync.COLLECTORS, s.due(1_000_000, true), "a full resync runs everything");
    }

    @Test
    void absentModulesAreNotRunAndNotWaitedFor() {
        CollectorSchedule s = new CollectorSchedule(8_000);
        s.absent().add("sip_peers");
        assertFalse(s.due(0, true).contains("sip_peers"));
        for (String n : AmiSync.COLLECTORS) {
            if (!n.equals("sip_peers")) {
                s.record(n, ok(n), 0);
            }
        }
        assertTrue(s.allRun());
        s.newSession();
        assertTrue(s.due(0, false).contains("sip_peers"), "a new session asks again");
        assertTrue(s.record("queues", failed("queues"), 0));
        assertEquals(List.of(), s.due(1_999, false).stream().filter("queues"::equals).toList());
        assertTrue(s.due(2_000, false).contains("queues"), "a quarter of resync_interval");
    }
}
