package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/**
 * Per-object detail arrays ({@code /zabbix/items/<pbx>/<kind>}): one master item per kind feeds every
 * item prototype of that kind through {@code $[?(@.id=='{#ID}')].<field>.first()}. Each row has an
 * {@code id} that is unique within its array and equal to the {@code {#ID}} of its discovery row.
 */
final class ItemRows {
    /** Member states of {@code asterisk_queue_members}; each is present in a queue row, 0 when none. */
    static final List<String> MEMBER_STATES = List.of("not_in_use", "in_use", "busy", "invalid", "unavailable",
            "ringing", "ring_in_use", "on_hold", "unknown", "paused");

    private ItemRows() {
    }

    static String endpointId(Endpoint e) {
        return e.technology() + "/" + e.name();
    }

    /** PJSIP registrations and endpoints are separate namespaces and often share a name. */
    static String registrationId(Registration r) {
        return "registration:" + r.technology() + "/" + r.name();
    }

    /** 1 up, 0 down, 2 lagged (up but slow), 3 unknown (not qualified): the "pbxmon endpoint state" value map. */
    static int stateCode(EndpointState s) {
        return switch (s) {
            case DOWN -> 0;
            case UP -> 1;
            case LAGGED -> 2;
            case UNKNOWN -> 3;
        };
    }

    static ArrayNode endpoints(PbxSnapshot s) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (Endpoint e : s.endpoints()) {
            ObjectNode o = out.addObject();
            o.put("id", endpointId(e));
            o.put("technology", e.technology());
            o.put("name", e.name());
            o.put("kind", e.kind().label());
            o.put("kind_reason", e.kindReason());
            state(o, e);
            o.put("device_state", e.deviceState() == null ? "" : e.deviceState());
            o.put("contacts", e.contacts());
            o.put("channels", e.channels());
        }
        return out;
    }

    private static void state(ObjectNode o, Endpoint e) {
        o.put("state", e.state().label());
        o.put("state_code", stateCode(e.state()));
        if (e.rttSeconds() == null) {
            o.putNull("rtt_seconds");
        } else {
            o.put("rtt_seconds", e.rttSeconds());
        }
    }

    /** Trunk endpoints ({@code type} "endpoint") and outbound registrations ({@code type} "registration"). */
    static ArrayNode trunks(PbxSnapshot s) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (Endpoint e : s.endpoints()) {
            if (e.kind() != EndpointKind.TRUNK) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("id", endpointId(e));
            o.put("type", "endpoint");
            o.put("technology", e.technology());
            o.put("name", e.name());
            o.put("reason", e.kindReason());
            state(o, e);
            o.put("channels", e.channels());
            int capacity = e.capacity() == null ? 0 : e.capacity();
            o.put("capacity_channels", capacity);
            o.put("usage_percent", capacity > 0 ? Math.round(10000.0 * e.channels() / capacity) / 100.0 : 0.0);
            QualityItems.trunk(o, s, e.name());
        }
        for (Registration r : s.registrations()) {
            ObjectNode o = out.addObject();
            o.put("id", registrationId(r));
            o.put("type", "registration");
            o.put("technology", r.technology());
            o.put("name", r.name());
            o.put("status", r.status());
            o.put("registered", r.registered() ? 1 : 0);
            o.put("server_uri", r.serverUri());
            o.put("client_uri", r.clientUri());
            o.put("endpoint", r.endpoint() == null ? "" : r.endpoint());
        }
        return out;
    }

    static ArrayNode queues(PbxSnapshot s) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (QueueState q : s.queues()) {
            ObjectNode o = out.addObject();
            o.put("id", q.name());
            o.put("name", q.name());
            o.put("callers", q.callers());
            o.put("longest_wait_seconds", q.longestWaitSeconds());
            o.put("members", q.members());
            o.put("available", q.available());
            o.put("unattended", q.callers() > 0 && q.available() == 0 ? 1 : 0);
            for (String st : MEMBER_STATES) {
                o.put("members_" + st, q.membersByState().getOrDefault(st, 0));
            }
            QualityItems.queue(o, s, q.name());
        }
        return out;
    }
}
