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
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/** The JSON builders on hand-made snapshots: shapes that the lab does not reach. */
class ZabbixJsonTest {
    private static final AmiStatus UP = new AmiStatus(true, true, 1_700_000_000_000L, 10, 0, java.util.Map.of(), 0, 0, 0, "");

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

    /** Every key is there even for a PBX never reached, so no item is missing; its live values are null. */
    @Test
    void initialSnapshotHasEveryKey() {
        Set<String> full = keys(PbxFlat.build(snapshot()));
        ObjectNode initial = PbxFlat.build(PbxSnapshot.initial("p", "u@h:5038"));
        assertEquals(full, keys(initial));
        assertEquals(0, initial.path("ami_up").asInt());
        assertEquals("", initial.path("version").asText());
        for (String k : PbxFlat.LIVE_KEYS) {
            assertTrue(initial.get(k).isNull(), k);
        }
        CelPart.add(initial, null);
        assertEquals(0, initial.path("cel_enabled").asInt());
    }

    private static PbxSnapshot withAmi(PbxSnapshot s, AmiStatus ami) {
        return new PbxSnapshot(s.name(), s.source(), ami, s.core(), s.calls(), s.endpoints(), s.registrations(),
                s.queues(), s.collectors(), s.takenEpochMs());
    }

    /**
     * AMI down, or up but its first sync not finished: the snapshot still holds the last figures (3
     * channels, a trunk down, a queue), and none of them is shown: every live value is null, which a
     * Zabbix numeric item refuses ("not supported"), so no trigger sees a made-up 0 or a stale value.
     * The session facts stay.
     */
    @Test
    void amiDownMakesEveryLiveValueUnknown() {
        AmiStatus down = new AmiStatus(false, true, 1_700_000_000_000L, 10, 2, Map.of("no_colon", 1L), 3, 4, 0,
                "connection refused");
        AmiStatus syncing = new AmiStatus(true, false, 1_700_000_000_000L, 10, 0, Map.of(), 3, 4, 1, "");
        for (AmiStatus ami : List.of(down, syncing)) {
            PbxSnapshot s = withAmi(snapshot(), ami);
            ObjectNode f = PbxFlat.build(s);
            assertEquals(keys(PbxFlat.build(snapshot())), keys(f), "same keys");
            for (String k : PbxFlat.LIVE_KEYS) {
                assertTrue(f.get(k).isNull(), k + " of " + ami);
            }
            assertTrue(PbxFlat.LIVE_KEYS.containsAll(List.of("channels", "calls_active", "call_longest_seconds",
                    "calls_stuck", "bridges", "uptime", "last_reload", "endpoints_total", "trunks_down",
                    "registrations_unregistered", "queue_callers", "queues_unattended")));
            assertEquals(0, f.path("ami_up").asInt());
            assertEquals(ami.connected() ? 1 : 0, f.path("ami_connected").asInt());
            assertEquals(ami.synced() ? 1 : 0, f.path("ami_synced").asInt());
            assertEquals(ami.lastError(), f.path("ami_error").asText());
            assertEquals(3, f.path("ami_reconnects").asInt());
            assertEquals(4, f.path("ami_resyncs").asInt());
            assertEquals(10, f.path("ami_events").asInt());
            assertEquals(1_700_000_000L, f.path("ami_last_event").asLong());
            assertEquals(7, f.path("calls_processed").asLong(), "a counter, not a live value");
            assertEquals("22.1.0", f.path("version").asText());
            assertEquals(1, f.path("collectors_failed").asInt());
            // what Zabbix does with it: JSONPath gives the text "null", no numeric value type takes it
            assertEquals("null", String.valueOf(ZabbixPoll.zabbixJsonPath(f.toString(), "$.channels")));
            assertEquals(null, ZabbixPoll.zabbixJsonPath(f.toString(), "$.no_such_key"));
            JsonNode sum = Summary.build(List.of(s, snapshot()), "1");
            assertTrue(sum.get("calls_cnt").isNull(), "one PBX unknown: the sum is unknown");
            assertTrue(sum.get("channels_cnt").isNull());
            assertEquals(7 + 7, sum.path("calls_processed_cnt").asLong());
            assertEquals(1 + 3, sum.path("failed_objects_cnt").asInt(), "the unknown PBX counts once, its stale objects not");
            assertEquals(1, sum.path("pbx_up_cnt").asInt());
        }
        ObjectNode live = PbxFlat.build(snapshot());
        for (String k : PbxFlat.LIVE_KEYS) {
            assertTrue(live.get(k).isNumber(), k);
        }
        JsonNode sum = Summary.build(List.of(snapshot()), "1");
        assertEquals(1, sum.path("calls_cnt").asInt());
        assertEquals(3, sum.path("channels_cnt").asInt());
    }

    /** Live, but Asterisk has not said when it started: unknown, not 0 seconds. */
    @Test
    void uptimeUnknownUntilAsteriskSaysIt() {
        PbxSnapshot s = snapshot();
        PbxSnapshot noTimes = new PbxSnapshot(s.name(), s.source(), s.ami(), new CoreInfo("22.1.0", "12.0.0", 0, 0, 3),
                s.calls(), s.endpoints(), s.registrations(), s.queues(), s.collectors(), s.takenEpochMs());
        ObjectNode f = PbxFlat.build(noTimes);
        assertTrue(f.get("uptime").isNull());
        assertTrue(f.get("last_reload").isNull());
        assertEquals(3, f.path("channels").asInt());
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

    /** The CEL keys are the same set with and without a CEL source; without one they are 0 or "". */
    @Test
    void celKeysAlwaysPresent() {
        ObjectNode none = ZabbixJson.JSON.createObjectNode();
        CelPart.add(none, null);
        ObjectNode some = ZabbixJson.JSON.createObjectNode();
        CelStatus cel = new CelStatus("p", "u@h:3306/asterisk", true, "", true, 154, 1_700_000_000_000L, 61.5, "sql",
                150, 4, 2, Map.of("CHAN_START", 3L), 1, true, Map.of("last_row", 0.001), 0.01, 1_700_000_000_000L);
        CelPart.add(some, cel);
        assertEquals(keys(some), keys(none));
        assertEquals(Set.of("cel_enabled", "cel_db_up", "cel_stalled", "cel_last_id", "cel_consumer_last_id",
                "cel_pending_events", "cel_pending_calls", "cel_open_calls", "cel_last_event_age_seconds", "cel_error"), keys(none));
        none.fields().forEachRemaining(e -> assertTrue(e.getValue().asText().equals("0") || e.getValue().asText().equals("0.0")
                || e.getValue().asText().isEmpty(), e.toString()));
        assertEquals("{\"cel_enabled\":1,\"cel_db_up\":1,\"cel_stalled\":1,\"cel_last_id\":154,\"cel_consumer_last_id\":150,"
                + "\"cel_pending_events\":4,\"cel_pending_calls\":2,\"cel_open_calls\":1,\"cel_last_event_age_seconds\":61.5,"
                + "\"cel_error\":\"\"}", some.toString());
        ObjectNode initial = ZabbixJson.JSON.createObjectNode();
        CelPart.add(initial, CelStatus.initial("p", "u@h", "agent"));
        assertEquals(1, initial.path("cel_enabled").asInt());
        assertEquals(0, initial.path("cel_db_up").asInt());
        assertEquals("not polled yet", initial.path("cel_error").asText());
        assertTrue(initial.get("cel_last_event_age_seconds").isNull(), "not polled yet: age unknown");
    }

    /** An empty CEL table has no newest row: its age is unknown (null), not 0 ("a row just now"). */
    @Test
    void celAgeOfAnEmptyTableIsUnknown() {
        CelStatus empty = new CelStatus("p", "u@h:3306/asterisk", true, "", true, 0, 0, 0, "agent", 0, 0, 0, Map.of(), 0,
                false, Map.of("last_row", 0.001), 0.01, 1_700_000_000_000L);
        ObjectNode n = ZabbixJson.JSON.createObjectNode();
        CelPart.add(n, empty);
        assertTrue(n.get("cel_last_event_age_seconds").isNull());
        assertEquals(0, n.path("cel_last_id").asInt());
        assertEquals(1, n.path("cel_db_up").asInt());
        // rows, but the newest has no eventtime
        CelStatus noTime = new CelStatus("p", "u@h:3306/asterisk", true, "", true, 5, 0, 0, "agent", 5, 0, 0, Map.of(), 0,
                false, Map.of(), 0.01, 1_700_000_000_000L);
        n = ZabbixJson.JSON.createObjectNode();
        CelPart.add(n, noTime);
        assertTrue(n.get("cel_last_event_age_seconds").isNull());
        // a row written just now: a real 0
        CelStatus now = new CelStatus("p", "u@h:3306/asterisk", true, "", true, 5, 1_700_000_000_000L, 0, "agent", 5, 0,
                0, Map.of(), 0, false, Map.of(), 0.01, 1_700_000_000_000L);
        n = ZabbixJson.JSON.createObjectNode();
        CelPart.add(n, now);
        assertEquals(0.0, n.get("cel_last_event_age_seconds").asDouble());
        assertTrue(n.get("cel_last_event_age_seconds").isNumber());
    }

    private static ProbeStatus.Sample storager(String account, String storager, String state, double v) {
        return new ProbeStatus.Sample("storager_objects", false, false, "", List.of("account", account, "storager", storager,
                "state", state), v);
    }

    @Test
    void probeLicenseAndStoragerRows() {
        ProbeStatus chat = new ProbeStatus("chat", "http", "webim", "https://h/l/a/monitor", true, "", 0.2, 1_700_000_000_000L,
                3, Map.of(), List.of(), "10.7", null, null, null,
                List.of(storager("acme", "0", "failed", 2), storager("acme", "0", "collected", 5),
                        storager("acme", "1", "failed", 0), storager("beta", "0", "being_stored", 1),
                        new ProbeStatus.Sample("backend_chats", false, false, "", List.of(), 9)), null);
        ProbeStatus itgrix = new ProbeStatus("itgrix", "http", "itgrix", "http://h/status", false, "connect: refused", 1.0,
                1_700_000_000_000L, 3, Map.of("connect", 2L), List.of("connect: refused"), "", new ProbeStatus.License(
                        "Free", "Professional", "2030-01-01", null, null, true, false, null, ""), null, null, List.of(), null);
        List<ProbeStatus> probes = List.of(chat, itgrix);
        JsonNode st = ProbeRows.storagerItems(probes);
        assertEquals(3, st.size());
        assertEquals("chat/acme/0", st.path(0).path("id").asText());
        assertEquals(2, st.path(0).path("failed").asLong());
        assertEquals(5, st.path(0).path("collected").asLong());
        assertEquals(0, st.path(0).path("being_stored").asLong(), "absent state: 0");
        assertEquals(1, st.path(2).path("being_stored").asLong());
        JsonNode sd = ProbeRows.storager(probes);
        for (int i = 0; i < st.size(); i++) {
            assertEquals(st.path(i).path("id").asText(), sd.path(i).path("{#ID}").asText());
        }
        assertEquals("beta", sd.path(2).path("{#ACCOUNT}").asText());
        JsonNode lic = ProbeRows.licenseItems(probes);
        assertEquals(1, lic.size());
        assertEquals("itgrix", lic.path(0).path("id").asText());
        assertEquals(0, lic.path(0).path("expiry_known").asInt(), "unknown expiry: known 0, never a null");
        assertEquals(0, lic.path(0).path("days_remaining").asLong());
        assertEquals(1, lic.path(0).path("downgraded").asInt());
        assertEquals("itgrix", ProbeRows.licenses(probes).path(0).path("{#LICENSE}").asText());
        JsonNode pr = ProbeRows.probeItems(probes);
        assertEquals(1, pr.path(0).path("up").asInt());
        assertEquals(0, pr.path(1).path("up").asInt());
        assertEquals(2, pr.path(1).path("errors").asLong());
        assertEquals("connect: refused", pr.path(1).path("error").asText());
        assertEquals(1, Summary.build(List.of(), probes, "1").path("failed_objects_cnt").asInt(), "one probe down");
    }

    @Test
    void summaryCountsFailedObjects() {
        ObjectNode s = Summary.build(List.of(snapshot()), "1.0");
        assertEquals(3, s.path("failed_objects_cnt").asInt(), "trunk down, registration rejected, collector failed");
        assertEquals(1, s.path("pbx_up_cnt").asInt());
        assertEquals("1.0", s.path("version").asText());
        assertEquals(org.pbxmon.export.FailedObjects.of(snapshot()).size(), Summary.failedObjects(snapshot()),
                "the rule app_status uses");
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
