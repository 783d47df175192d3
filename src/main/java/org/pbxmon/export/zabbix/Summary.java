package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.Registration;

/**
 * {@code /zabbix/summary}: a few agent-wide counters in the style of Webim's
 * {@code /l/a/monitor/zabbix/tornado} ({@code *_cnt} keys, always present).
 */
final class Summary {
    private Summary() {
    }

    static ObjectNode build(Collection<PbxSnapshot> snapshots, String version) {
        return build(snapshots, java.util.List.of(), version);
    }

    /** {@code failed_objects_cnt} also counts the probes (and certificate checks) that are down. */
    static ObjectNode build(Collection<PbxSnapshot> snapshots, Collection<ProbeStatus> probes, String version) {
        int sessions = 0;
        int up = 0;
        long calls = 0;
        long channels = 0;
        long processed = 0;
        long failed = 0;
        for (PbxSnapshot s : snapshots) {
            sessions += s.ami().connected() ? 1 : 0;
            up += s.ami().connected() && s.ami().synced() ? 1 : 0;
            calls += s.calls().calls();
            channels += s.calls().channels();
            processed += s.calls().callsProcessed();
            failed += failedObjects(s);
        }
        failed += ProbeRows.down(probes);
        ObjectNode n = ZabbixJson.JSON.createObjectNode();
        n.put("sessions_cnt", sessions);
        n.put("pbx_cnt", snapshots.size());
        n.put("pbx_up_cnt", up);
        n.put("calls_cnt", calls);
        n.put("channels_cnt", channels);
        n.put("calls_processed_cnt", processed);
        n.put("failed_objects_cnt", failed);
        n.put("version", version);
        return n;
    }

    /** Trunks down, registrations not Registered and collectors whose last run failed (probes: {@link ProbeRows#down}). */
    static long failedObjects(PbxSnapshot s) {
        long n = 0;
        for (Endpoint e : s.endpoints()) {
            n += e.kind() == EndpointKind.TRUNK && e.state() == EndpointState.DOWN ? 1 : 0;
        }
        for (Registration r : s.registrations()) {
            n += r.registered() ? 0 : 1;
        }
        for (CollectorResult c : s.collectors()) {
            n += c.success() ? 0 : 1;
        }
        return n;
    }
}
