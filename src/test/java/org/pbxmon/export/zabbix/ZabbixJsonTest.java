package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CallStats;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/** The JSON builders on hand-made snapshots: shapes that the lab does not reach. */
class ZabbixJsonTest {
    private static final AmiStatus UP = new AmiStatus(true, true, 1_700_000_000_000L, 10, 0, 0, 0, 0, 0, 0, "");

    private static PbxSnapshot snapshot() {
        return new PbxSnapshot("p", "u@h:5038", UP, new CoreInfo("22.1.0", "12.0.0", 1_699_999_000L, 1_699_999_500L, 3),
                new CallStats(3, 1, 12.5, 0, 1, 7, 0),
                List.of(new Endpoint("PJSIP", "200", EndpointKind.EXTENSION, "default", EndpointState.UNKNOWN, null,
                                "Not in use", 1, 0, null),
                        new Endpoint("IAX2", "up1", EndpointKind.TRUNK, "iax_static", EndpointState.LAGGED, 0.4, "", 0, 3, null),
                        new Endpoint("PJSIP", "up1", EndpointKind.TRUNK, "outbound_auth", EndpointState.DOWN, null, "", 0, 3, 4)),
                List.of(new Registration("PJSIP", "up1", "sip:a@b", "sip:b", "Rejected", "up1")),
                List.of(new QueueState("q", 2, 30, Map.of("paused", 1, "in_use", 1))),
                List.of(new CollectorResult("core", true, 0.1, 0, ""), new CollectorResult("queues", false, 0.1, 0, "boom")),
                1_700_000_000_000L);
    }

    @Test
    void flatObjectCountsAndAgesAtSnapshotTime() {
        ObjectNode f = PbxFlat.build(snapshot());
        assertEquals(1000, f.path("uptime").asLong());
        assertEquals(500, f.path("last_reload").asLong());
        assertEquals(1, f.path("endpoints_extension_unknown").asInt());
        assertEquals(1, f.path("endpoints_trunk_lagged").asInt());
        assertEquals(1, f.path("endpoints_trunk_down").asInt());
        assertEquals(2, f.path("trunks_total").asInt());
        assertEquals(1, f.path("trunks_up").asInt(), "lagged counts as up");
        assertEquals(6, f.path("trunk_channels").asInt());
        assertEquals(1, f.path("registrations_unregistered").asInt());
        assertEquals(1, f.path("queues_unattended").asInt());
        assertEquals(1, f.path("collectors_failed").asInt());
        assertEquals("queues", f.path("collectors_failed_names").asText());
        assertEquals(12.5, f.path("call_longest_seconds").asDouble());
    }

    /** Every key is there even for a PBX never reached, so no Zabbix item turns unsupported. */
    @Test
    void initialSnapshotHasEveryKey() {
        Set<String> full = keys(PbxFlat.build(snapshot()));
        ObjectNode initial = PbxFlat.build(PbxSnapshot.initial("p", "u@h:5038"));
        assertEquals(full, keys(initial));
        assertEquals(0, initial.path("ami_up").asInt());
        assertEquals("", initial.path("version").asText());
        CelPart.add(initial, null);
        assertEquals(0, initial.path("cel_enabled").asInt());
    }

    @Test
    void detailRows() {
        JsonNode eps = ItemRows.endpoints(snapshot());
        assertEquals("PJSIP/200", eps.path(0).path("id").asText());
        assertEquals(3, eps.path(0).path("state_code").asInt());
        assertTrue(eps.path(0).path("rtt_seconds").isNull());
        assertEquals(2, eps.path(1).path("state_code").asInt());
        JsonNode trunks = ItemRows.trunks(snapshot());
        assertEquals(3, trunks.size());
        assertEquals(0, trunks.path(0).path("capacity_channels").asInt(), "no capacity configured");
        assertEquals(0.0, trunks.path(0).path("usage_percent").asDouble());
        assertEquals(75.0, trunks.path(1).path("usage_percent").asDouble());
        assertEquals("registration:PJSIP/up1", trunks.path(2).path("id").asText(), "an endpoint and a registration share a name");
        assertEquals(0, trunks.path(2).path("registered").asInt());
        JsonNode q = ItemRows.queues(snapshot()).path(0);
        assertEquals(1, q.path("unattended").asInt());
        assertEquals(1, q.path("members_paused").asInt());
        assertEquals(0, q.path("members_not_in_use").asInt());
    }

    @Test
    void discoveryIdsMatchDetailIds() {
        List<PbxSnapshot> all = List.of(snapshot());
        JsonNode d = Discovery.trunks(all);
        JsonNode rows = ItemRows.trunks(snapshot());
        assertEquals(rows.size(), d.size());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(rows.path(i).path("id").asText(), d.path(i).path("{#ID}").asText());
            assertEquals(rows.path(i).path("type").asText(), d.path(i).path("{#TYPE}").asText());
        }
        assertEquals(3, Discovery.endpoints(all).size());
        assertEquals("q", Discovery.queues(all).path(0).path("{#QUEUE}").asText());
        assertEquals(0, ProbeRows.probeDiscovery(List.of()).size());
    }

    record Sample(String pbx, boolean dbUp, long pendingRows, double lagSeconds, String lastError, List<String> skipped) {
    }

    @Test
    void recordFieldsCopyScalarsAsZabbixReadsThem() {
        ObjectNode n = ZabbixJson.JSON.createObjectNode();
        RecordFields.copy(new Sample("p", true, 4, 1.5, "x", List.of()), "cel_", Set.of("pbx"), n);
        assertEquals("{\"cel_db_up\":1,\"cel_pending_rows\":4,\"cel_lag_seconds\":1.5,\"cel_last_error\":\"x\"}", n.toString());
        assertEquals(4L, RecordFields.get(new Sample("p", true, 4, 1.5, "x", List.of()), "pendingRows"));
        assertEquals(null, RecordFields.get("not a record", "x"));
    }

    @Test
    void summaryCountsFailedObjects() {
        ObjectNode s = Summary.build(List.of(snapshot()), "1.0");
        assertEquals(3, s.path("failed_objects_cnt").asInt(), "trunk down, registration rejected, collector failed");
        assertEquals(1, s.path("pbx_up_cnt").asInt());
        assertEquals("1.0", s.path("version").asText());
    }

    @Test
    void queryParameters() {
        assertEquals("a b", ZabbixJson.query("x=1&pbx=a+b", "pbx"));
        assertEquals("", ZabbixJson.query("legacy", "legacy"));
        assertEquals(null, ZabbixJson.query(null, "pbx"));
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
