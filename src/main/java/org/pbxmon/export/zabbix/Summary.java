package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.pbxmon.export.FailedObjects;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;

/**
 * {@code /zabbix/summary}: a few agent-wide counters in the style of Webim's
 * {@code /l/a/monitor/zabbix/tornado} ({@code *_cnt} keys, always present). {@code calls_cnt} and
 * {@code channels_cnt} are JSON null while any PBX's live state is unknown ({@link PbxSnapshot#live()}
 * false): a sum over the others would be a figure nobody knows.
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
        boolean allLive = true;
        for (PbxSnapshot s : snapshots) {
            sessions += s.ami().connected() ? 1 : 0;
            up += s.live() ? 1 : 0;
            allLive &= s.live();
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
        PbxFlat.putKnown(n, "calls_cnt", allLive, calls);
        PbxFlat.putKnown(n, "channels_cnt", allLive, channels);
        n.put("calls_processed_cnt", processed);
        n.put("failed_objects_cnt", failed);
        n.put("version", version);
        return n;
    }

    /**
     * The PBX's failed objects by {@link FailedObjects} (the rule {@code app_status} uses too): a PBX
     * whose live state is unknown counts once; otherwise failed collectors, registrations not
     * Registered and trunks down. Probes: {@link ProbeRows#down}.
     */
    static long failedObjects(PbxSnapshot s) {
        return FailedObjects.of(s).size();
    }
}
