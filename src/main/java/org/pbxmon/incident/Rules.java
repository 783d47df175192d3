package org.pbxmon.incident;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pbxmon.config.IncidentRules;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.config.IncidentsConfig.RuleConfig;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/**
 * The built-in rules ({@link IncidentRules#ALL}), pure: snapshots in, conditions out. A rule never
 * fires from stale state: while a PBX is not live (AMI down, or a sync not finished), only
 * {@code ami_down} is evaluated for it and the PBX is reported {@linkplain Evaluation#frozen() frozen},
 * so its other incidents neither open nor close.
 */
final class Rules {
    /** The conditions holding now, and the PBXes whose other rules were not evaluated. */
    record Evaluation(List<Condition> conditions, Set<String> frozen) {
    }

    private final IncidentsConfig config;

    Rules(IncidentsConfig config) {
        this.config = config;
    }

    Evaluation evaluate(Iterable<PbxSnapshot> pbxes, Map<String, CelStatus> cel, Iterable<ProbeStatus> probes) {
        List<Condition> out = new ArrayList<>();
        Set<String> frozen = new HashSet<>();
        for (PbxSnapshot p : pbxes) {
            ObjectRef pbx = ObjectRef.pbx(p.name());
            if (!p.up()) {
                add(out, "ami_down", pbx, "AMI of PBX " + p.name() + " is down"
                        + (p.ami().lastError().isEmpty() ? "" : ": " + p.ami().lastError()), Map.of());
            }
            if (!p.live()) {
                frozen.add(p.name());
                continue;
            }
            trunks(p, out);
            queues(p, out);
            RuleConfig stuck = config.rule("stuck_calls");
            if (p.calls().stuckCalls() > stuck.threshold()) {
                add(out, "stuck_calls", pbx, p.calls().stuckCalls() + " stuck call(s) on PBX " + p.name(),
                        Map.of("value", Integer.toString(p.calls().stuckCalls())));
            }
            CelStatus c = cel.get(p.name());
            if (c != null) {
                cel(pbx, c, out);
            }
        }
        for (ProbeStatus s : probes) {
            probe(s, out);
        }
        return new Evaluation(out, frozen);
    }

    private void trunks(PbxSnapshot p, List<Condition> out) {
        for (Endpoint e : p.endpoints()) {
            if (e.kind() != EndpointKind.TRUNK) {
                continue;
            }
            ObjectRef t = ObjectRef.trunk(p.name(), e.name());
            if (e.state() == EndpointState.DOWN) {
                add(out, "trunk_unreachable", t, "trunk " + e.name() + " on PBX " + p.name() + " is unreachable", Map.of());
            }
            Integer capacity = capacity(t, e);
            if (capacity != null && capacity > 0) {
                double ratio = (double) e.channels() / capacity;
                String facts = e.channels() + " of " + capacity + " channels";
                Map<String, String> labels = Map.of("used", Integer.toString(e.channels()), "capacity",
                        Integer.toString(capacity));
                if (ratio >= config.rule("trunk_capacity_full").threshold()) {
                    add(out, "trunk_capacity_full", t, "trunk " + e.name() + " is full: " + facts, labels);
                }
                if (ratio >= config.rule("trunk_capacity_high").threshold()) {
                    add(out, "trunk_capacity_high", t, "trunk " + e.name() + " is busy: " + facts, labels);
                }
            }
        }
        for (Registration r : p.registrations()) {
            if (r.registered()) {
                continue;
            }
            String trunk = trunkOf(r, p);
            add(out, "trunk_registration", ObjectRef.trunk(p.name(), trunk), "registration " + r.name()
                    + " of trunk " + trunk + " on PBX " + p.name() + " is " + r.status(),
                    Map.of("status", r.statusLabel()));
        }
    }

    /**
     * The trunk a registration belongs to: its {@code Endpoint} when Asterisk says (PJSIP {@code line=yes}),
     * else the trunk endpoint its name starts with ({@code carrier-reg}, {@code carrier_registration} →
     * {@code carrier}), else the registration's own name.
     */
    static String trunkOf(Registration r, PbxSnapshot p) {
        if (r.endpoint() != null && !r.endpoint().isEmpty()) {
            return r.endpoint();
        }
        String best = null;
        for (Endpoint e : p.endpoints()) {
            String n = e.name();
            if (e.kind() == EndpointKind.TRUNK && r.technology().equalsIgnoreCase(e.technology())
                    && r.name().length() > n.length() && r.name().startsWith(n)
                    && "-_.".indexOf(r.name().charAt(n.length())) >= 0 && (best == null || n.length() > best.length())) {
                best = n;
            }
        }
        return best != null ? best : r.name();
    }

    Integer capacity(ObjectRef t, Endpoint e) {
        IncidentsConfig.ObjectMeta meta = config.objects().get(t.id());
        return meta != null && meta.capacity() != null ? meta.capacity() : e.capacity();
    }

    private void queues(PbxSnapshot p, List<Condition> out) {
        for (QueueState q : p.queues()) {
            ObjectRef ref = ObjectRef.queue(p.name(), q.name());
            if (q.callers() > config.rule("queue_callers_high").threshold()) {
                add(out, "queue_callers_high", ref, q.callers() + " callers wait in queue " + q.name(),
                        Map.of("value", Integer.toString(q.callers())));
            }
            if (q.callers() > 0 && q.available() == 0) {
                add(out, "queue_unattended", ref, "queue " + q.name() + " has " + q.callers()
                        + " caller(s) and no available member", Map.of());
            }
        }
    }

    private void cel(ObjectRef pbx, CelStatus c, List<Condition> out) {
        if (!c.dbUp() && c.updatedEpochMs() > 0) {
            add(out, "cel_db_down", pbx, "CEL database of PBX " + pbx.name() + " cannot be queried", Map.of());
            return;
        }
        if (c.stalled()) {
            add(out, "cel_stalled", pbx, "CEL of PBX " + pbx.name() + " is stalled: calls, but no new CEL row", Map.of());
        }
        if (c.dbUp() && c.pendingEvents() > config.rule("cel_pending_high").threshold()) {
            add(out, "cel_pending_high", pbx, c.pendingEvents() + " CEL events wait for the consumer of PBX "
                    + pbx.name(), Map.of("value", Long.toString(c.pendingEvents())));
        }
    }

    private void probe(ProbeStatus s, List<Condition> out) {
        if (!ProbeStatus.HTTP.equals(s.kind())) {
            return;
        }
        ObjectRef ref = ObjectRef.probe(s.name());
        if (!s.up() && s.runs() > 0) {
            add(out, "probe_down", ref, "probe " + s.name() + " fails: " + s.error(), Map.of());
        }
        ProbeStatus.License l = s.license();
        if (l != null) {
            boolean expired = l.daysRemaining() != null && l.daysRemaining() < 0;
            if (expired || l.downgraded()) {
                add(out, "license_invalid", ref, "license of " + s.name() + (expired ? " has expired"
                        : " is " + l.type() + ", expected " + l.expectedType()), Map.of());
            } else if (l.daysRemaining() != null && l.daysRemaining() < config.rule("license_expiring").threshold()) {
                add(out, "license_expiring", ref, "license of " + s.name() + " expires in " + l.daysRemaining()
                        + " day(s)", Map.of("value", Long.toString(l.daysRemaining())));
            }
        }
        double failed = 0;
        for (ProbeStatus.Sample sample : s.samples()) {
            if (sample.name().equals("storager_objects") && hasLabel(sample.labels(), "state", "failed")) {
                failed += sample.value();
            }
        }
        if (failed > config.rule("storager_failures").threshold()) {
            add(out, "storager_failures", ref, String.format(Locale.ROOT, "storager of %s failed to store %.0f object(s)",
                    s.name(), failed), Map.of("value", String.format(Locale.ROOT, "%.0f", failed)));
        }
    }

    private static boolean hasLabel(List<String> labels, String name, String value) {
        for (int i = 0; i + 1 < labels.size(); i += 2) {
            if (labels.get(i).equals(name) && labels.get(i + 1).equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void add(List<Condition> out, String rule, ObjectRef object, String summary, Map<String, String> labels) {
        RuleConfig rc = config.rule(rule);
        if (!rc.enabled()) {
            return;
        }
        IncidentRules.Rule def = IncidentRules.find(rule);
        out.add(new Condition(rule, object, Severity.parse(def.severity()), summary, labels));
    }
}
