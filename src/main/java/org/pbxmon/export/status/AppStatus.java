package org.pbxmon.export.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.pbxmon.export.FailedObjects;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;

/**
 * The agent's overall state in the Itgrix manner ({@code app.master.general}). Pure. The first rule
 * that applies wins:
 *
 * <ol>
 *   <li>{@code stopped} / Error: a PBX refuses our credentials. Only the admin can fix that.</li>
 *   <li>{@code restarting} / Error: no PBX session is up (all are reconnecting).</li>
 *   <li>{@code restarting} / Warning: some PBX sessions are up, others are reconnecting.</li>
 *   <li>{@code ""} / Warning: every session is up, but a PBX has failed objects by
 *       {@link FailedObjects}, the rule that {@code /zabbix/summary}'s {@code failed_objects_cnt}
 *       counts: its first sync has not finished, a collector failed its last run, an outbound
 *       registration is not Registered, or a trunk is down. {@code app_err} names each of them (at
 *       most {@value #MAX_NAMED}), e.g. {@code pbx main: registration PJSIP/carrier-reg Rejected; trunk
 *       PJSIP/carrier down}.</li>
 *   <li>{@code ""} / Warning: every session is up, but a PBX's CEL database is down (or its table
 *       unreadable), its CEL poll failed (e.g. the consumer query), or its CEL is stalled (AMI sees
 *       calls, no CEL row arrives).</li>
 *   <li>{@code ""} / Warning: every session is up, but an HTTP probe is down, a license is downgraded or
 *       expires within its warn_days (14 by default), or a watched certificate cannot be read or
 *       expires within 14 days.</li>
 *   <li>{@code ""} / Ok: none of the above. No PBX configured is Ok.</li>
 * </ol>
 * {@code app_err} is {@code <nil>} when Ok, else the problem of the rule that applied, naming its PBX.
 * The table in docs/ARCHITECTURE.md ("Status") is this list.
 */
record AppStatus(String state, String status, String err) {

    static final long CERT_WARN_SECONDS = 14 * 86_400L;
    /** Failed objects named in {@code app_err}; the rest are counted. */
    static final int MAX_NAMED = 10;

    static AppStatus of(Collection<PbxSnapshot> pbxes) {
        return of(pbxes, List.of(), System.currentTimeMillis());
    }

    /** The PBX rule above; probe problems turn an Ok into a Warning and never hide a PBX problem. */
    static AppStatus of(Collection<PbxSnapshot> pbxes, Collection<ProbeStatus> probes, long nowMs) {
        return of(pbxes, probes, List.of(), nowMs);
    }

    /** As above; a CEL database down or a stalled CEL also turns an Ok into a Warning (before probes). */
    static AppStatus of(Collection<PbxSnapshot> pbxes, Collection<ProbeStatus> probes, Collection<CelStatus> cel,
            long nowMs) {
        AppStatus pbx = ofPbxes(pbxes);
        if (!pbx.status().equals("Ok")) {
            return pbx;
        }
        for (CelStatus c : cel) {
            if (!c.dbUp()) {
                return new AppStatus("", "Warning", "pbx " + c.pbx() + ": cel: database down: " + c.error());
            }
            if (!c.success()) {
                return new AppStatus("", "Warning", "pbx " + c.pbx() + ": cel: " + c.error());
            }
            if (c.stalled()) {
                return new AppStatus("", "Warning", "pbx " + c.pbx() + ": cel: stalled (calls but no new CEL rows)");
            }
        }
        for (ProbeStatus p : probes) {
            String problem = probeProblem(p, nowMs);
            if (problem != null) {
                return new AppStatus("", "Warning", problem);
            }
        }
        return pbx;
    }

    private static String probeProblem(ProbeStatus p, long nowMs) {
        boolean cert = ProbeStatus.CERTIFICATE.equals(p.kind());
        String who = cert ? "certificate " + p.target() : "probe " + p.name();
        if (!p.up()) {
            return who + ": " + (p.error().isEmpty() ? "down" : p.error());
        }
        if (cert && p.certificate() != null && p.certificate().notAfterEpochSeconds() - nowMs / 1000 < CERT_WARN_SECONDS) {
            return who + ": expires " + StatusTree.format(p.certificate().notAfterEpochSeconds() * 1000);
        }
        ProbeStatus.License l = p.license();
        if (l != null && l.downgraded()) {
            return who + ": license " + l.type() + " is below the expected " + l.expectedType();
        }
        if (l != null && l.expiringSoon()) {
            return who + ": license " + l.type() + " valid till " + l.validTill()
                    + (l.daysRemaining() != null && l.daysRemaining() < 0 ? " has expired" : " expires soon");
        }
        return null;
    }

    private static AppStatus ofPbxes(Collection<PbxSnapshot> pbxes) {
        String firstDown = null;
        String authFailed = null;
        int down = 0;
        List<FailedObjects.Failure> failed = new ArrayList<>();
        for (PbxSnapshot s : pbxes) {
            if (!s.ami().connected()) {
                down++;
                String err = "pbx " + s.name() + ": " + (s.ami().lastError().isEmpty() ? "connecting" : s.ami().lastError());
                firstDown = firstDown == null ? err : firstDown;
                if (authFailed == null && s.ami().lastError().startsWith("authentication failed")) {
                    authFailed = err;
                }
                continue;
            }
            failed.addAll(FailedObjects.of(s));
        }
        if (authFailed != null) {
            return new AppStatus("stopped", "Error", authFailed);
        }
        if (down > 0) {
            return new AppStatus("restarting", down == pbxes.size() ? "Error" : "Warning", firstDown);
        }
        if (!failed.isEmpty()) {
            return new AppStatus("", "Warning", FailedObjects.describe(failed, MAX_NAMED));
        }
        return new AppStatus("", "Ok", "<nil>");
    }
}
