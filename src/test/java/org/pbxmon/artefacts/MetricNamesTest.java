package org.pbxmon.artefacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
    private static final Set<String> EXPOSED = Set.of("asterisk_queue_callers", "asterisk_queue_members_available",
            "asterisk_call_mes_bucket", "asterisk_call_mes_count");

    @Test
    void namesWithoutKeywordsFunctionsLabelsStringsRangesOrVariables() {
        assertEquals(Set.of("asterisk_queue_callers", "asterisk_queue_members_available"),
                MetricNames.of("sum by (pbx, queue) (rate(asterisk_queue_callers{pbx=~\"$pbx\", queue!=\"x y\"}[$__rate_interval]))"
                        + " > 0 and on (pbx, queue) asterisk_queue_members_available offset 5m == bool 0"));
        assertEquals(Set.of("asterisk_call_mes_bucket"),
                MetricNames.of("histogram_quantile(0.5, sum without (le_x) (increase(asterisk_call_mes_bucket[1h:1m])))"));
        assertEquals(Set.of("x:y:z", "m"), MetricNames.of("label_replace(x:y:z, \"dst\", \"$1\", \"src\", \"(.*)\") * 1e3 / m"));
        assertEquals(Set.of("asterisk_up"), MetricNames.of("label_values(asterisk_up{job=\"$job\"}, pbx)"));
        assertEquals(Set.of(), MetricNames.of("label_values(pbx)"));
        assertEquals(Set.of("pbxmon_license_remaining_seconds"), MetricNames.of("pbxmon_license_remaining_seconds < 14 * 86400 # days"));
    }

    @Test
    void aMisspelledNameIsCaught() {
        Map<String, String> ok = MetricNames.missing(Map.of("r", "asterisk_queue_callers > 0"), EXPOSED, Set.of());
        assertEquals(Map.of(), ok);
        Map<String, String> bad = MetricNames.missing(Map.of("r", "asterisk_queue_caller > 0 and on (pbx) up == 1"), EXPOSED, Set.of());
        assertEquals(Set.of("r: asterisk_queue_caller"), bad.keySet());
        // a histogram is read by its samples: the bare family name is not exposed
        assertFalse(MetricNames.missing(Map.of("r", "rate(asterisk_call_mes[5m])"), EXPOSED, Set.of()).isEmpty());
        // a recording rule's output is fine only when a rule defines it
        assertFalse(MetricNames.missing(Map.of("r", "pbx:asr:ratio > 0"), EXPOSED, Set.of()).isEmpty());
        assertTrue(MetricNames.missing(Map.of("r", "pbx:asr:ratio > 0"), EXPOSED, Set.of("pbx:asr:ratio")).isEmpty());
    }

    @Test
    void theShippedArtefactsAreParsed() {
        Map<String, String> rules = MetricNames.ruleExpressions();
        assertTrue(rules.keySet().stream().anyMatch(k -> k.endsWith("/ AsteriskAmiDown")), rules.keySet().toString());
        assertTrue(MetricNames.recorded().contains("pbx_trunk:asterisk_call_attempts:asr_ratio_rate1h"));
        assertFalse(MetricNames.dashboardExpressions().isEmpty());
    }
}
