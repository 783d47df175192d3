package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pbxmon.source.ami.wire.AmiMessage;

class Q850Test {
    @Test
    void theCommonCodes() {
        Map<Integer, String> expected = Map.of(16, "normal_clearing", 17, "user_busy", 18, "no_user_response",
                19, "no_answer", 21, "call_rejected", 22, "number_changed", 1, "unallocated_number",
                34, "no_circuit_available", 38, "network_out_of_order", 127, "interworking");
        expected.forEach((code, name) -> assertEquals(name, Q850.name(code)));
    }

    @Test
    void unknownCodesAndGarbageAreOther() {
        for (int c : new int[] {-1, 4, 10, 15, 128, 1000, Integer.MAX_VALUE}) {
            assertEquals("other", Q850.name(c), "code " + c);
        }
        for (String s : new String[] {null, "", " ", "abc", "16x", "-16", "1.5", "99999999999"}) {
            assertEquals("other", Q850.name(s), String.valueOf(s));
            assertEquals(-1, Q850.code(s));
        }
        assertEquals("user_busy", Q850.name(" 17 "));
    }

    @Test
    void namesAreDistinctAndBounded() {
        Set<String> seen = new HashSet<>();
        int known = 0;
        for (int c = 0; c < 256; c++) {
            String n = Q850.name(c);
            if (!n.equals("other")) {
                known++;
                assertTrue(seen.add(n), "duplicate name " + n);
                assertTrue(n.matches("[a-z][a-z0-9_]*"), n);
            }
        }
        assertEquals(known + 1, Q850.names().size());
        assertTrue(Q850.names().contains("other"));
    }

    @Test
    void everyCauseInTheCaptureHasAName() throws Exception {
        int n = 0;
        for (AmiMessage m : Capture.events("Hangup")) {
            String name = Q850.name(m.get("Cause"));
            assertNotEquals("other", name, m.get("Cause"));
            String txt = m.get("Cause-txt").toLowerCase().replace(' ', '_');
            assertEquals(txt, name, "Asterisk's own text for " + m.get("Cause"));
            n++;
        }
        assertEquals(28, n);
    }
}
