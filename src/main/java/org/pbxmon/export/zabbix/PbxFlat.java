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
 *
 * <p>While the PBX's live state is unknown ({@link PbxSnapshot#live()} false: AMI session down, or the
 * first sync of the session not finished) every live-state value ({@link #LIVE_KEYS}: channels,
 * calls, longest call, stuck calls, bridges, uptime and last reload, endpoints, trunks,
 * registrations, queues) is JSON {@code null}, never 0 or the last value: Zabbix's JSONPath step
 * passes {@code null} on as the text "null", which no numeric item accepts, so each such item
 * turns "not supported" until the PBX is live again, and its triggers neither fire nor resolve on a
 * made-up 0. The AMI session facts ({@code ami_*}), {@code version}, the {@code calls_processed}
 * counter, the collectors and the {@code cel_*} keys stay. {@code uptime} and {@code last_reload}
 * are also null while Asterisk has not said when it started or reloaded.
 */
final class PbxFlat {
    /** The keys that are null while the PBX is not live. */
    static final List<String> LIVE_KEYS = liveKeys();

    private PbxFlat() {
    }

    private static List<String> liveKeys() {
        List<String> k = new ArrayList<>(List.of("uptime", "last_reload", "channels", "calls_active",
                "call_longest_seconds", "calls_stuck", "bridges", "endpoints_total"));
        for (EndpointKind kind : EndpointKind.values()) {
            for (EndpointState st : EndpointState.values()) {
                k.add("endpoints_" + kind.label() + "_" + st.label());
            }
        }
        k.addAll(List.of("trunks_total", "trunks_up", "trunks_down", "trunk_channels", "registrations_total",
                "registrations_registered", "registrations_unregistered", "queues_total", "queue_callers",
                "queue_longest_wait_seconds", "queue_members", "queue_members_available", "queues_unattended"));
        k.addAll(QualityItems.FLAT_KEYS);
        return List.copyOf(k);
    }

    /** {@code key: value}, or {@code key: null} when the value is not known. */
    static void putKnown(ObjectNode n, String key, boolean known, long value) {
        if (known) {
            n.put(key, value);
        } else {
            n.putNull(key);
        }
    }

    /** Seconds from {@code epochSeconds} to {@code nowMs}; null when the time is not known (0). */
    private static void putAge(ObjectNode n, String key, long nowMs, long epochSeconds) {
        putKnown(n, key, epochSeconds > 0, Math.max(0, nowMs / 1000 - epochSeconds));
    }

    static ObjectNode build(PbxSnapshot s) {
        ObjectNode n = ZabbixJson.JSON.createObjectNode();
        long now = s.takenEpochMs();
        n.put("pbx", s.name());
        n.put("ami_up", s.live() ? 1 : 0);
        n.put("ami_connected", s.ami().connected() ? 1 : 0);
        n.put("ami_synced", s.ami().synced() ? 1 : 0);
        n.put("ami_error", s.ami().lastError());
        n.put("ami_reconnects", s.ami().reconnects());
        n.put("ami_resyncs", s.ami().resyncs());
        n.put("ami_events", s.ami().eventsTotal());
        n.put("ami_events_dropped", s.ami().eventsDropped());
        n.put("ami_last_event", s.ami().lastEventEpochMs() / 1000);
        n.put("version", s.core().version());
        putAge(n, "uptime", now, s.core().startupEpochSeconds());
        putAge(n, "last_reload", now, s.core().reloadEpochSeconds());
        n.put("channels", s.calls().channels());
        n.put("calls_active", s.calls().calls());
        n.put("calls_processed", s.calls().callsProcessed());
        n.put("call_longest_seconds", s.calls().longestCallSeconds());
        n.put("calls_stuck", s.calls().stuckCalls());
        n.put("bridges", s.calls().bridges());
        endpoints(n, s);
        queues(n, s);
        QualityItems.flat(n, s);
        if (!s.live()) {
            // in place: the key order stays that of a live PBX
            LIVE_KEYS.forEach(n::putNull);
        }
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
