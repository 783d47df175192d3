package org.pbxmon.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.IncidentsConfig;

class DebouncerTest {
    private static final IncidentsConfig CONFIG = RulesTest.config(Map.of(
            "trunk_unreachable", new IncidentsConfig.RuleConfig(true, Double.NaN, Duration.ofSeconds(30), Duration.ofSeconds(10)),
            "ami_down", new IncidentsConfig.RuleConfig(true, Double.NaN, Duration.ofSeconds(5), Duration.ofSeconds(5))));
    private static final Condition TRUNK = new Condition("trunk_unreachable", ObjectRef.trunk("main", "carrier"),
            Severity.CRITICAL, "down", Map.of());
    private static final Condition AMI = new Condition("ami_down", ObjectRef.pbx("main"), Severity.CRITICAL, "down", Map.of());

    private static Rules.Evaluation eval(Set<String> frozen, Condition... c) {
        return new Rules.Evaluation(List.of(c), frozen);
    }

    @Test
    void firesOnlyAfterForAndClearsOnlyAfterClearFor() {
        Debouncer d = new Debouncer(CONFIG);
        assertEquals(Set.of(), d.step(eval(Set.of(), TRUNK), 0).keySet());
        assertEquals(Set.of(), d.step(eval(Set.of(), TRUNK), 29_999).keySet());
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of(), TRUNK), 30_000).keySet());
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of()), 31_000).keySet());
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of()), 40_999).keySet());
        assertEquals(Set.of(), d.step(eval(Set.of()), 41_000).keySet());
    }

    @Test
    void flappingFasterThanForNeverFires() {
        Debouncer d = new Debouncer(CONFIG);
        for (long t = 0; t < 600_000; t += 20_000) {
            assertEquals(Set.of(), d.step(eval(Set.of(), TRUNK), t).keySet());
            assertEquals(Set.of(), d.step(eval(Set.of()), t + 10_000).keySet());
        }
    }

    @Test
    void flappingOfAFiringConditionFasterThanClearForKeepsItFiring() {
        Debouncer d = new Debouncer(CONFIG);
        d.step(eval(Set.of(), TRUNK), 0);
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of(), TRUNK), 30_000).keySet());
        for (long t = 30_000; t < 300_000; t += 10_000) {
            assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of()), t + 5_000).keySet());
            assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of(), TRUNK), t + 9_000).keySet());
        }
    }

    @Test
    void aFrozenPbxNeitherOpensNorClosesButAmiDownStillMoves() {
        Debouncer d = new Debouncer(CONFIG);
        d.step(eval(Set.of(), TRUNK), 0);
        d.step(eval(Set.of(), TRUNK), 30_000);
        // AMI goes down: the trunk rule is not evaluated; it must stay firing however long it lasts
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of("main"), AMI), 31_000).keySet());
        assertEquals(Set.of(TRUNK.key(), AMI.key()), d.step(eval(Set.of("main"), AMI), 36_000).keySet());
        assertEquals(Set.of(TRUNK.key(), AMI.key()), d.step(eval(Set.of("main"), AMI), 600_000).keySet());
        // AMI back, frozen no more: ami_down clears after its clear_for, the trunk after its own
        assertEquals(Set.of(TRUNK.key(), AMI.key()), d.step(eval(Set.of()), 601_000).keySet());
        assertEquals(Set.of(), d.step(eval(Set.of()), 611_000).keySet());
    }

    @Test
    void restoredConditionsFireAtOnceAndClearLikeOthers() {
        Debouncer d = new Debouncer(CONFIG);
        d.restore(TRUNK, 0);
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of("main")), 1_000).keySet());
        assertEquals(Set.of(TRUNK.key()), d.step(eval(Set.of()), 2_000).keySet());
        assertEquals(Set.of(), d.step(eval(Set.of()), 12_000).keySet());
    }
}
