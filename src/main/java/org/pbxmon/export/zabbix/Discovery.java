package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Set;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/**
 * Low-level discovery rows: a plain array of objects with {@code {#MACRO}} keys. Every per-PBX row
 * carries {@code {#PBX}}; rows that item prototypes select from a detail array carry {@code {#ID}},
 * the {@code id} of the matching {@link ItemRows} row.
 */
final class Discovery {
    /** Discoveries of live objects: refused (503) while their PBX is not live, see {@link ZabbixEndpoints}. */
    static final Set<String> LIVE_KINDS = Set.of("endpoints", "trunks", "queues");

    private Discovery() {
    }

    static ArrayNode pbx(Collection<PbxSnapshot> snapshots) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (PbxSnapshot s : snapshots) {
            ObjectNode o = out.addObject();
            o.put("{#PBX}", s.name());
            o.put("{#SOURCE}", s.source());
        }
        return out;
    }

    static ArrayNode endpoints(Collection<PbxSnapshot> snapshots) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (PbxSnapshot s : snapshots) {
            for (Endpoint e : s.endpoints()) {
                ObjectNode o = out.addObject();
                o.put("{#PBX}", s.name());
                o.put("{#ID}", ItemRows.endpointId(e));
                o.put("{#TECH}", e.technology());
                o.put("{#ENDPOINT}", e.name());
                o.put("{#KIND}", e.kind().label());
            }
        }
        return out;
    }

    static ArrayNode trunks(Collection<PbxSnapshot> snapshots) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (PbxSnapshot s : snapshots) {
            for (Endpoint e : s.endpoints()) {
                if (e.kind() == EndpointKind.TRUNK) {
                    trunk(out, s, "endpoint", ItemRows.endpointId(e), e.technology(), e.name());
                }
            }
            for (Registration r : s.registrations()) {
                trunk(out, s, "registration", ItemRows.registrationId(r), r.technology(), r.name());
            }
        }
        return out;
    }

    private static void trunk(ArrayNode out, PbxSnapshot s, String type, String id, String tech, String name) {
        ObjectNode o = out.addObject();
        o.put("{#PBX}", s.name());
        o.put("{#ID}", id);
        o.put("{#TYPE}", type);
        o.put("{#TECH}", tech);
        o.put("{#TRUNK}", name);
    }

    static ArrayNode queues(Collection<PbxSnapshot> snapshots) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (PbxSnapshot s : snapshots) {
            for (QueueState q : s.queues()) {
                ObjectNode o = out.addObject();
                o.put("{#PBX}", s.name());
                o.put("{#ID}", q.name());
                o.put("{#QUEUE}", q.name());
            }
        }
        return out;
    }
}
