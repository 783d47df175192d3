package org.pbxmon.export.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.ProbeStatus;

/**
 * {@code app.probes.<name>} (HTTP probes) and {@code app.certificates.<target>} (certificate checks)
 * of the /status tree. {@code err} is {@code <nil>} when the last run found no problem, as Itgrix
 * writes it.
 */
final class ProbeNode {
    private ProbeNode() {
    }

    static void render(ObjectNode app, Collection<ProbeStatus> all, long now) {
        ObjectNode probes = null;
        ObjectNode certs = null;
        for (ProbeStatus p : all) {
            if (ProbeStatus.CERTIFICATE.equals(p.kind())) {
                certs = certs == null ? app.putObject("certificates") : certs;
                certificate(certs.putObject(p.target()), p, now);
            } else {
                probes = probes == null ? app.putObject("probes") : probes;
                probe(probes.putObject(p.name()), p);
            }
        }
    }

    private static void probe(ObjectNode n, ProbeStatus p) {
        common(n, p);
        n.put("version", p.version());
        ProbeStatus.License l = p.license();
        if (l != null) {
            ObjectNode ln = n.putObject("license");
            ln.put("type", l.type());
            ln.put("expected_type", l.expectedType());
            ln.put("valid_till", l.validTill());
            ln.put("expires", l.expiryEpochSeconds() == null ? "" : StatusTree.format(l.expiryEpochSeconds() * 1000));
            if (l.daysRemaining() != null) {
                ln.put("days_remaining", l.daysRemaining());
            } else {
                ln.putNull("days_remaining");
            }
            ln.put("downgraded", l.downgraded());
            ln.put("expiring_soon", l.expiringSoon());
            if (l.offline() != null) {
                ln.put("offline", l.offline());
            }
            ln.put("soft_mode", l.softMode());
        }
        if (p.connector() != null) {
            ObjectNode cn = n.putObject("connector");
            cn.put("app_state", p.connector().state());
            cn.put("app_status", p.connector().status());
            cn.put("app_err", p.connector().err());
        }
        ProbeStatus.Backend b = p.backend();
        if (b != null) {
            ObjectNode bn = n.putObject("backend");
            bn.put("instance_id", b.instanceId());
            bn.put("started", b.startEpochSeconds() == null ? "" : StatusTree.format((long) (b.startEpochSeconds() * 1000)));
            if (b.storingEnabled() != null) {
                bn.put("storing_enabled", b.storingEnabled());
            }
            bn.put("restarts", b.restarts());
        }
        ObjectNode values = n.putObject("values");
        for (ProbeStatus.Sample s : p.samples()) {
            value(values, s);
        }
    }

    private static void certificate(ObjectNode n, ProbeStatus p, long now) {
        common(n, p);
        if (p.certificate() != null) {
            long notAfter = p.certificate().notAfterEpochSeconds();
            n.put("expires", StatusTree.format(notAfter * 1000));
            n.put("expiry_timestamp", notAfter);
            n.put("days_remaining", Math.floorDiv(notAfter - now / 1000, 86_400L));
            n.put("subject", p.certificate().subject());
        }
    }

    private static void common(ObjectNode n, ProbeStatus p) {
        n.put("profile", p.profile());
        n.put("target", p.target());
        n.put("up", p.up());
        n.put("err", p.error().isEmpty() ? "<nil>" : p.error());
        n.put("updated", p.updatedEpochMs() == 0 ? "" : StatusTree.format(p.updatedEpochMs()));
        n.put("duration_seconds", p.durationSeconds());
        n.put("runs", p.runs());
        ObjectNode errors = n.putObject("errors");
        for (Map.Entry<String, Long> e : p.errors().entrySet()) {
            errors.put(e.getKey(), e.getValue());
        }
        p.problems().forEach(n.putArray("problems")::add);
    }

    /** values.name, or values.name.v1.v2... by label values in order. */
    private static void value(ObjectNode values, ProbeStatus.Sample s) {
        List<String> labels = s.labels();
        ObjectNode parent = values;
        String key = s.name();
        for (int i = 1; i < labels.size(); i += 2) {
            JsonNode next = parent.get(key);
            if (next == null) {
                next = parent.putObject(key);
            } else if (!next.isObject()) {
                return;
            }
            parent = (ObjectNode) next;
            key = labels.get(i);
        }
        if (parent.has(key)) {
            return;
        }
        double v = s.value();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            parent.put(key, (long) v);
        } else {
            parent.put(key, v);
        }
    }
}
