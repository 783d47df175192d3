package org.pbxmon.export.status;

import java.util.Collection;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.PbxSnapshot;

/**
 * The agent's overall state in the Itgrix manner ({@code app.master.general}). Pure.
 *
 * <ul>
 *   <li>{@code stopped} / Error: a PBX refuses our credentials. Only the admin can fix that.</li>
 *   <li>{@code restarting} / Error: no PBX session is up (all are reconnecting).</li>
 *   <li>{@code restarting} / Warning: some PBX sessions are up, others are reconnecting.</li>
 *   <li>{@code ""} / Warning: every session is up, but a collector failed its last run or the
 *       initial sync has not finished.</li>
 *   <li>{@code ""} / Ok: everything is up and every collector succeeded. No PBX configured is Ok.</li>
 * </ul>
 * {@code app_err} is {@code <nil>} when Ok, else the first problem, naming its PBX.
 */
record AppStatus(String state, String status, String err) {

    static AppStatus of(Collection<PbxSnapshot> pbxes) {
        String firstErr = null;
        int down = 0;
        boolean authFailed = false;
        boolean degraded = false;
        for (PbxSnapshot s : pbxes) {
            if (!s.ami().connected()) {
                down++;
                authFailed |= s.ami().lastError().startsWith("authentication failed");
                if (firstErr == null) {
                    firstErr = "pbx " + s.name() + ": " + (s.ami().lastError().isEmpty() ? "connecting" : s.ami().lastError());
                }
                continue;
            }
            if (!s.ami().synced()) {
                degraded = true;
                if (firstErr == null) {
                    firstErr = "pbx " + s.name() + ": initial sync not finished";
                }
            }
            for (CollectorResult c : s.collectors()) {
                if (!c.success()) {
                    degraded = true;
                    if (firstErr == null) {
                        firstErr = "pbx " + s.name() + ": " + c.collector() + ": " + c.error();
                    }
                }
            }
        }
        if (authFailed) {
            return new AppStatus("stopped", "Error", firstErr);
        }
        if (down > 0) {
            return new AppStatus("restarting", down == pbxes.size() ? "Error" : "Warning", firstErr);
        }
        if (degraded) {
            return new AppStatus("", "Warning", firstErr);
        }
        return new AppStatus("", "Ok", "<nil>");
    }
}
