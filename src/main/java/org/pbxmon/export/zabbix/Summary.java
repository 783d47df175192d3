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
     * Adds the incident counters when incidents are enabled: {@code incidents_open_cnt},
     * {@code incidents_critical_cnt}, {@code incidents_warning_cnt}, {@code callbacks_pending_cnt},
     * {@code callbacks_dead_cnt}, {@code callbacks_oldest_pending_age} (seconds; null when none waits)
     * and {@code incident_store_up} (1 or 0).
     */
    static ObjectNode withIncidents(ObjectNode n, org.pbxmon.model.IncidentsView v) {
        if (!v.enabled()) {
            return n;
        }
        n.put("incidents_open_cnt", v.open().size());
        n.put("incidents_critical_cnt", v.openCount("critical"));
        n.put("incidents_warning_cnt", v.openCount("warning"));
        long pending = 0;
        long dead = 0;
        Double oldest = null;
        for (org.pbxmon.model.IncidentsView.CallbackLine c : v.callbacks()) {
            pending += c.pending();
            dead += c.deadLetters();
            if (c.oldestAgeSeconds() != null) {
                oldest = oldest == null ? c.oldestAgeSeconds() : Math.max(oldest, c.oldestAgeSeconds());
            }
        }
        n.put("callbacks_pending_cnt", pending);
        n.put("callbacks_dead_cnt", dead);
        if (oldest == null) {
            n.putNull("callbacks_oldest_pending_age");
        } else {
            n.put("callbacks_oldest_pending_age", Math.round(oldest));
        }
        n.put("incident_store_up", v.storeUp() ? 1 : 0);
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
