package org.pbxmon.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.IncidentRules;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CallStats;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

class RulesTest {
    static IncidentsConfig config(Map<String, IncidentsConfig.RuleConfig> overrides) {
        Map<String, IncidentsConfig.RuleConfig> rules = new HashMap<>();
        for (IncidentRules.Rule r : IncidentRules.ALL) {
            rules.put(r.name(), new IncidentsConfig.RuleConfig(true, r.threshold(), r.forDuration(), r.clearFor()));
        }
        rules.putAll(overrides);
        IncidentsConfig d = IncidentsConfig.DISABLED;
        return new IncidentsConfig(true, "test", d.store(), rules, d.alertmanager(), List.of(), Map.of(), 100);
    }

    static AmiStatus ami(boolean connected, boolean synced) {
        return new AmiStatus(connected, synced, 0, 0, 0, Map.of(), 0, 0, 0, connected ? "" : "connection refused");
    }

    static Endpoint trunk(String name, EndpointState state, int channels, Integer capacity) {
        return new Endpoint("PJSIP", name, EndpointKind.TRUNK, "config", state, 0.02, "Not in use", 1, channels, capacity);
    }

    static PbxSnapshot pbx(String name, AmiStatus ami, List<Endpoint> endpoints, List<Registration> regs,
            List<QueueState> queues, int stuck) {
        return new PbxSnapshot(name, "pbxmon@127.0.0.1:5038", ami, CoreInfo.UNKNOWN,
                new CallStats(0, 0, 0, stuck, 0, 0, 0), endpoints, regs, queues, List.of(), 0);
    }

    static Set<String> keys(Rules.Evaluation e) {
        return e.conditions().stream().map(Condition::key).collect(Collectors.toSet());
    }

    @Test
    void aHealthyPbxHasNoCondition() {
        PbxSnapshot p = pbx("main", ami(true, true), List.of(trunk("carrier", EndpointState.UP, 3, 30)),
                List.of(new Registration("PJSIP", "carrier-reg", "sip:a", "sip:b", "Registered", "carrier")),
                List.of(new QueueState("support", 2, 5, Map.of("not_in_use", 1))), 0);
        Rules.Evaluation e = new Rules(config(Map.of())).evaluate(List.of(p), Map.of(), List.of());
        assertEquals(List.of(), e.conditions());
        assertEquals(Set.of(), e.frozen());
    }

    @Test
    void eachPbxRuleFiresOnItsObject() {
        PbxSnapshot p = pbx("main", ami(true, true),
                List.of(trunk("carrier", EndpointState.DOWN, 30, 30), trunk("backup", EndpointState.UP, 8, 10)),
                List.of(new Registration("PJSIP", "carrier-reg", "sip:a", "sip:b", "Rejected", "carrier")),
                List.of(new QueueState("support", 11, 5, Map.of("in_use", 2)), new QueueState("sales", 0, 0, Map.of())),
                2);
        Rules.Evaluation e = new Rules(config(Map.of())).evaluate(List.of(p), Map.of(), List.of());
        assertEquals(Set.of(
                "rule:trunk_unreachable:trunk:main/carrier",
                "rule:trunk_registration:trunk:main/carrier",
                "rule:trunk_capacity_full:trunk:main/carrier",
                "rule:trunk_capacity_high:trunk:main/carrier",
                "rule:trunk_capacity_high:trunk:main/backup",
                "rule:queue_callers_high:queue:main/support",
                "rule:queue_unattended:queue:main/support",
                "rule:stuck_calls:pbx:main"), keys(e));
        Condition reg = e.conditions().stream().filter(c -> c.rule().equals("trunk_registration")).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, reg.severity());
        assertTrue(reg.summary().contains("Rejected"), reg.summary());
    }

    @Test
    void aRegistrationWithoutEndpointBelongsToTheTrunkItsNameStartsWith() {
        PbxSnapshot p = pbx("main", ami(true, true), List.of(trunk("carrier", EndpointState.UP, 0, null),
                trunk("carrier-backup", EndpointState.UP, 0, null)), List.of(
                new Registration("PJSIP", "carrier-reg", "sip:a", "sip:b", "Rejected", ""),
                new Registration("PJSIP", "carrier-backup_reg", "sip:a", "sip:b", "Unregistered", ""),
                new Registration("PJSIP", "other", "sip:a", "sip:b", "Rejected", "")), List.of(), 0);
        assertEquals(Set.of("rule:trunk_registration:trunk:main/carrier",
                "rule:trunk_registration:trunk:main/carrier-backup", "rule:trunk_registration:trunk:main/other"),
                keys(new Rules(config(Map.of())).evaluate(List.of(p), Map.of(), List.of())));
    }

    @Test
    void aPbxThatIsNotLiveOnlyHasAmiDownAndIsFrozen() {
        PbxSnapshot down = pbx("main", ami(false, false), List.of(trunk("carrier", EndpointState.DOWN, 0, 30)),
                List.of(), List.of(), 5);
        PbxSnapshot syncing = pbx("branch", ami(true, false), List.of(trunk("carrier", EndpointState.DOWN, 0, 30)),
                List.of(), List.of(), 5);
        CelStatus cel = new CelStatus("main", "x", false, "down", false, 0, 0, 0, "", 0, 0, 0, Map.of(), 0, true,
                Map.of(), 0, 1);
        Rules.Evaluation e = new Rules(config(Map.of())).evaluate(List.of(down, syncing), Map.of("main", cel), List.of());
        assertEquals(Set.of("rule:ami_down:pbx:main"), keys(e));
        assertEquals(Set.of("main", "branch"), e.frozen());
    }

    @Test
    void thresholdsAndDisabledRulesComeFromConfig() {
        PbxSnapshot p = pbx("main", ami(true, true), List.of(trunk("carrier", EndpointState.UP, 5, 10)), List.of(),
                List.of(), 0);
        Map<String, IncidentsConfig.RuleConfig> o = Map.of(
                "trunk_capacity_high", new IncidentsConfig.RuleConfig(true, 0.5, Duration.ZERO, Duration.ZERO));
        assertEquals(Set.of("rule:trunk_capacity_high:trunk:main/carrier"),
                keys(new Rules(config(o)).evaluate(List.of(p), Map.of(), List.of())));
        Map<String, IncidentsConfig.RuleConfig> off = Map.of(
                "trunk_capacity_high", new IncidentsConfig.RuleConfig(false, 0.5, Duration.ZERO, Duration.ZERO));
        assertEquals(Set.of(), keys(new Rules(config(off)).evaluate(List.of(p), Map.of(), List.of())));
    }

    @Test
    void celAndProbeRules() {
        PbxSnapshot p = pbx("main", ami(true, true), List.of(), List.of(), List.of(), 0);
        CelStatus stalled = new CelStatus("main", "x", true, "", true, 10, 0, 0, "", 0, 20_000, 0, Map.of(), 0, true,
                Map.of(), 0, 1);
        ProbeStatus.License expiring = new ProbeStatus.License("Professional", "Professional", "2026-12-01", 0L, 5L,
                false, true, false, "");
        ProbeStatus itgrix = new ProbeStatus("itgrix", ProbeStatus.HTTP, "itgrix", "http://x", true, "", 0, 1, 1,
                Map.of(), List.of(), "", expiring, null, null, List.of(), null);
        ProbeStatus.License downgraded = new ProbeStatus.License("Basic", "Professional", "2027-12-01", 0L, 300L,
                true, false, false, "");
        ProbeStatus webim = new ProbeStatus("webim", ProbeStatus.HTTP, "webim", "http://y", false, "HTTP 500", 0, 1, 3,
                Map.of(), List.of(), "", downgraded, null, null, List.of(new ProbeStatus.Sample("storager_objects",
                        false, false, "", List.of("account", "demo", "storager", "0", "state", "failed"), 3)), null);
        Rules.Evaluation e = new Rules(config(Map.of())).evaluate(List.of(p), Map.of("main", stalled),
                List.of(itgrix, webim));
        assertEquals(Set.of("rule:cel_stalled:pbx:main", "rule:cel_pending_high:pbx:main",
                "rule:license_expiring:probe:itgrix", "rule:license_invalid:probe:webim",
                "rule:storager_failures:probe:webim", "rule:probe_down:probe:webim"), keys(e));
    }
}
