package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/**
 * The flat JSON object of one PBX ({@code /zabbix/pbx/<name>}), for one Zabbix master item and its
 * dependent items. Every key is always present, so that no dependent item turns unsupported when a
 * PBX has, say, no queue. Ages are taken at snapshot time, as {@code /metrics} does, so the two agree.
 */
final class PbxFlat {
    private PbxFlat() {
    }

    static ObjectNode build(PbxSnapshot s) {
        ObjectNode n = ZabbixJson.JSON.createObjectNode();
        long now = s.takenEpochMs();
        n.put("pbx", s.name());
        n.put("ami_up", s.ami().connected() && s.ami().synced() ? 1 : 0);
        n.put("ami_connected", s.ami().connected() ? 1 : 0);
        n.put("ami_synced", s.ami().synced() ? 1 : 0);
        n.put("ami_error", s.ami().lastError());
        n.put("ami_reconnects", s.ami().reconnects());
        n.put("ami_resyncs", s.ami().resyncs());
        n.put("ami_events", s.ami().eventsTotal());
        n.put("ami_events_dropped", s.ami().eventsDropped());
        n.put("ami_last_event", s.ami().lastEventEpochMs() / 1000);
        n.put("version", s.core().version());
        n.put("uptime", s.core().startupEpochSeconds() > 0 ? Math.max(0, now / 1000 - s.core().startupEpochSeconds()) : 0);
        n.put("last_reload", s.core().reloadEpochSeconds() > 0 ? Math.max(0, now / 1000 - s.core().reloadEpochSeconds()) : 0);
        n.put("channels", s.calls().channels());
        n.put("calls_active", s.calls().calls());
        n.put("calls_processed", s.calls().callsProcessed());
        n.put("call_longest_seconds", s.calls().longestCallSeconds());
        n.put("calls_stuck", s.calls().stuckCalls());
        n.put("bridges", s.calls().bridges());
        endpoints(n, s);
        queues(n, s);
        collectors(n, s);
        n.put("snapshot_age_seconds", Math.max(0, System.currentTimeMillis() - now) / 1000.0);
        return n;
    }

    private static void endpoints(ObjectNode n, PbxSnapshot s) {
        int[][] byKind = new int[EndpointKind.values().length][EndpointState.values().length];
        int trunkChannels = 0;
        for (Endpoint e : s.endpoints()) {
            byKind[e.kind().ordinal()][e.state().ordinal()]++;
            if (e.kind() == EndpointKind.TRUNK) {
                trunkChannels += e.channels();
            }
        }
        n.put("endpoints_total", s.endpoints().size());
        for (EndpointKind k : EndpointKind.values()) {
            for (EndpointState st : EndpointState.values()) {
                n.put("endpoints_" + k.label() + "_" + st.label(), byKind[k.ordinal()][st.ordinal()]);
            }
        }
        int[] trunks = byKind[EndpointKind.TRUNK.ordinal()];
        n.put("trunks_total", trunks[0] + trunks[1] + trunks[2] + trunks[3]);
        n.put("trunks_up", trunks[EndpointState.UP.ordinal()] + trunks[EndpointState.LAGGED.ordinal()]);
        n.put("trunks_down", trunks[EndpointState.DOWN.ordinal()]);
        n.put("trunk_channels", trunkChannels);
        long registered = s.registrations().stream().filter(Registration::registered).count();
        n.put("registrations_total", s.registrations().size());
        n.put("registrations_registered", registered);
        n.put("registrations_unregistered", s.registrations().size() - registered);
    }

    private static void queues(ObjectNode n, PbxSnapshot s) {
        int callers = 0;
        int members = 0;
        int available = 0;
        int unattended = 0;
        double longestWait = 0;
        for (QueueState q : s.queues()) {
            callers += q.callers();
            members += q.members();
            available += q.available();
            longestWait = Math.max(longestWait, q.longestWaitSeconds());
            if (q.callers() > 0 && q.available() == 0) {
                unattended++;
            }
        }
        n.put("queues_total", s.queues().size());
        n.put("queue_callers", callers);
        n.put("queue_longest_wait_seconds", longestWait);
        n.put("queue_members", members);
        n.put("queue_members_available", available);
        n.put("queues_unattended", unattended);
    }

    private static void collectors(ObjectNode n, PbxSnapshot s) {
        List<String> failed = new ArrayList<>();
        for (CollectorResult c : s.collectors()) {
            if (!c.success()) {
                failed.add(c.collector());
            }
        }
        n.put("collectors_total", s.collectors().size());
        n.put("collectors_failed", failed.size());
        n.put("collectors_failed_names", String.join(",", failed));
    }
}
