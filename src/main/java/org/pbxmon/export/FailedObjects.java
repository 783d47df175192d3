package org.pbxmon.export;

import java.util.ArrayList;
import java.util.List;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.Registration;

/**
 * THE rule of what is failed on one PBX, shared by {@code /status} ({@code app_status} and
 * {@code app_err}, see {@code AppStatus}) and {@code /zabbix/summary} ({@code failed_objects_cnt}), so
 * that the two always agree. Pure.
 *
 * <ul>
 *   <li>A PBX whose live state is unknown ({@link PbxSnapshot#live()} false: the AMI session is down, or
 *       its first sync has not finished) is one failed object, {@link Kind#SESSION}; nothing else of it
 *       is counted, because its trunks and registrations are not known.</li>
 *   <li>Otherwise, in this order: each collector whose last run failed, each outbound registration
 *       that is not {@link Registration#registered() registered}, each trunk endpoint that is
 *       {@link EndpointState#DOWN down} (lagged counts as up; unknown, i.e. not qualified, is not a
 *       failure).</li>
 * </ul>
 */
public final class FailedObjects {
    /** What failed. */
    public enum Kind {
        /** The AMI session is down or its first sync is running: the PBX's live state is unknown. */
        SESSION,
        COLLECTOR,
        REGISTRATION,
        TRUNK
    }

    /**
     * One failed object.
     *
     * @param text what an admin reads after {@code "pbx <name>: "}, e.g. {@code registration
     *             PJSIP/carrier-reg Rejected}, {@code trunk PJSIP/carrier down}, {@code queues: timeout}
     */
    public record Failure(String pbx, Kind kind, String text) {
    }

    private FailedObjects() {
    }

    /** The failed objects of one PBX, in the order of the rule above; empty when all is well. */
    public static List<Failure> of(PbxSnapshot s) {
        List<Failure> out = new ArrayList<>();
        String pbx = s.name();
        if (!s.ami().connected()) {
            out.add(new Failure(pbx, Kind.SESSION, s.ami().lastError().isEmpty() ? "connecting" : s.ami().lastError()));
            return out;
        }
        if (!s.live()) {
            // say why, when a collector keeps the first sync from completing
            String why = s.collectors().stream().filter(c -> !c.success()).findFirst()
                    .map(c -> ": " + c.collector() + ": " + c.error()).orElse("");
            out.add(new Failure(pbx, Kind.SESSION, "initial sync not finished" + why));
            return out;
        }
        for (CollectorResult c : s.collectors()) {
            if (!c.success()) {
                out.add(new Failure(pbx, Kind.COLLECTOR, c.collector() + ": " + c.error()));
            }
        }
        for (Registration r : s.registrations()) {
            if (!r.registered()) {
                String status = r.status() == null || r.status().isBlank() ? "not registered" : r.status().trim();
                out.add(new Failure(pbx, Kind.REGISTRATION, "registration " + r.technology() + "/" + r.name() + " " + status));
            }
        }
        for (Endpoint e : s.endpoints()) {
            if (e.kind() == EndpointKind.TRUNK && e.state() == EndpointState.DOWN) {
                out.add(new Failure(pbx, Kind.TRUNK, "trunk " + e.technology() + "/" + e.name() + " down"));
            }
        }
        return out;
    }

    /**
     * The failures as one line, grouped by PBX in the order given: {@code pbx main: registration
     * PJSIP/carrier-reg Rejected; trunk PJSIP/carrier down; pbx branch: ...}. At most {@code max}
     * failures are named, then {@code "(and N more)"}.
     */
    public static String describe(List<Failure> failures, int max) {
        StringBuilder sb = new StringBuilder();
        String pbx = null;
        int named = 0;
        for (Failure f : failures) {
            if (named == max) {
                sb.append(" (and ").append(failures.size() - max).append(" more)");
                break;
            }
            if (named > 0) {
                sb.append("; ");
            }
            if (!f.pbx().equals(pbx)) {
                sb.append("pbx ").append(f.pbx()).append(": ");
                pbx = f.pbx();
            }
            sb.append(f.text());
            named++;
        }
        return sb.toString();
    }
}
