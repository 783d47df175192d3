package org.pbxmon.config;

import java.time.Duration;
import java.util.List;

/**
 * THE list of built-in incident rules with their defaults ({@code incidents.rules.<name>} overrides
 * any of enabled, threshold, for, clear_for). The engine ({@code org.pbxmon.incident.Rules})
 * implements each by name; docs/INCIDENTS.md documents them.
 */
public final class IncidentRules {
    /**
     * One rule.
     *
     * @param object    the kind of object it fires on
     * @param severity  the severity of its incidents
     * @param threshold the default threshold, NaN when the rule has none
     * @param unit      what the threshold is, for docs and messages
     */
    public record Rule(String name, String object, String severity, double threshold, String unit, Duration forDuration,
            Duration clearFor, String description) {
        IncidentsConfig.RuleConfig defaults() {
            return new IncidentsConfig.RuleConfig(true, threshold, forDuration, clearFor);
        }

        public boolean hasThreshold() {
            return !Double.isNaN(threshold);
        }
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static final double NONE = Double.NaN;

    public static final List<Rule> ALL = List.of(
            new Rule("ami_down", "pbx", "critical", NONE, "", s(30), s(10),
                    "The AMI session of the PBX is down (not logged in)."),
            new Rule("trunk_unreachable", "trunk", "critical", NONE, "", s(30), s(10),
                    "A trunk's qualify says it is unreachable (PJSIP Unreachable, IAX2 UNREACHABLE)."),
            new Rule("trunk_registration", "trunk", "critical", NONE, "", s(60), s(10),
                    "A trunk's outbound registration is not Registered (Rejected, Unregistered, timeout, ...)."),
            new Rule("trunk_capacity_high", "trunk", "warning", 0.8, "ratio of capacity", s(60), s(60),
                    "A trunk's active channels reach this share of its configured capacity."),
            new Rule("trunk_capacity_full", "trunk", "critical", 1.0, "ratio of capacity", s(30), s(60),
                    "A trunk's active channels reach its configured capacity."),
            new Rule("queue_callers_high", "queue", "warning", 10, "callers", s(60), s(60),
                    "A queue has more callers waiting than this."),
            new Rule("queue_unattended", "queue", "warning", NONE, "", s(60), s(30),
                    "A queue has callers and no member available to take them."),
            new Rule("stuck_calls", "pbx", "warning", 0, "calls", s(60), s(60),
                    "More calls than this are up longer than the PBX's stuck_call_threshold."),
            new Rule("cel_stalled", "pbx", "warning", NONE, "", s(60), s(60),
                    "Calls were seen on AMI but no new CEL row arrived within the CEL stall_window."),
            new Rule("cel_pending_high", "pbx", "warning", 10_000, "events", s(300), s(60),
                    "More CEL events than this wait for the CEL consumer."),
            new Rule("cel_db_down", "pbx", "warning", NONE, "", s(60), s(30),
                    "The CEL database cannot be queried."),
            new Rule("license_expiring", "probe", "warning", 14, "days", s(0), s(0),
                    "A probed product's license expires in fewer days than this."),
            new Rule("license_invalid", "probe", "critical", NONE, "", s(0), s(0),
                    "A probed product's license has expired, or is a lower type than expected."),
            new Rule("storager_failures", "probe", "warning", 0, "objects", s(60), s(60),
                    "A Webim storager counts more failed-to-store objects than this."),
            new Rule("probe_down", "probe", "warning", NONE, "", s(60), s(30),
                    "A probed service does not answer, or answers with an error."));

    private IncidentRules() {
    }

    public static Rule find(String name) {
        for (Rule r : ALL) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    static List<String> names() {
        return ALL.stream().map(Rule::name).toList();
    }
}
