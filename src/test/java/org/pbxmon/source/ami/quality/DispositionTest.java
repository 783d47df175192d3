package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

class DispositionTest {
    @Test
    void everyDialStatus() {
        assertEquals(Disposition.ANSWERED, Disposition.of("ANSWER", 16));
        assertEquals(Disposition.BUSY, Disposition.of("BUSY", 17));
        assertEquals(Disposition.NO_ANSWER, Disposition.of("NOANSWER", -1));
        assertEquals(Disposition.CANCELLED, Disposition.of("CANCEL", 26));
        assertEquals(Disposition.CONGESTION, Disposition.of("CONGESTION", 34));
        assertEquals(Disposition.CONGESTION, Disposition.of("CONGESTION", -1));
        assertEquals(Disposition.FAILED, Disposition.of("CHANUNAVAIL", 3));
        assertEquals(Disposition.FAILED, Disposition.of("CHANUNAVAIL", -1));
        assertEquals(Disposition.REJECTED, Disposition.of("DONTCALL", -1));
        assertEquals(Disposition.REJECTED, Disposition.of("TORTURE", -1));
        assertEquals(Disposition.FAILED, Disposition.of("INVALIDARGS", -1));
        assertEquals(Disposition.ANSWERED, Disposition.of(" answer ", -1), "case and blanks");
    }

    @Test
    void theCauseRefinesUnreachable() {
        assertEquals(Disposition.REJECTED, Disposition.of("CONGESTION", 21));
        assertEquals(Disposition.REJECTED, Disposition.of("CHANUNAVAIL", 21));
        assertEquals(Disposition.BUSY, Disposition.of("CHANUNAVAIL", 17));
        assertEquals(Disposition.NO_ANSWER, Disposition.of("CHANUNAVAIL", 19));
        assertEquals(Disposition.CONGESTION, Disposition.of("CHANUNAVAIL", 42));
        assertEquals(Disposition.BUSY, Disposition.of("BUSY", 21), "a final status is not overridden");
    }

    @Test
    void noFinalStatusFallsBackToTheCause() {
        assertEquals(Disposition.BUSY, Disposition.of(null, 17));
        assertEquals(Disposition.NO_ANSWER, Disposition.of("RINGING", 18));
        assertEquals(Disposition.REJECTED, Disposition.of("", 21));
        assertEquals(Disposition.CONGESTION, Disposition.of("PROGRESS", 38));
        assertEquals(Disposition.CANCELLED, Disposition.of("weird", 16));
        assertEquals(Disposition.FAILED, Disposition.of(null, 3));
        assertEquals(Disposition.FAILED, Disposition.of(null, -1));
        assertEquals(Disposition.ANSWERED, Disposition.ofHangup(true, 0));
        assertEquals(Disposition.CANCELLED, Disposition.ofHangup(false, 26));
        assertEquals(Disposition.FAILED, Disposition.ofHangup(false, 0));
    }

    @Test
    void labels() {
        assertEquals("answered busy no_answer congestion failed cancelled rejected",
                String.join(" ", java.util.Arrays.stream(Disposition.values()).map(Disposition::label).toList()));
    }

    @Test
    void theCapturedDialEnds() throws Exception {
        Map<String, Integer> count = new TreeMap<>();
        for (AmiMessage m : Capture.events("DialEnd")) {
            count.merge(Disposition.of(m.get("DialStatus"), -1).label(), 1, Integer::sum);
        }
        assertEquals(Map.of("answered", 13, "busy", 1, "cancelled", 2, "failed", 1), count);
    }
}
