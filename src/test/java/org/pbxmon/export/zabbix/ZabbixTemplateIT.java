package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.SimCall;
import org.pbxmon.testing.Await;

/**
 * The shipped template against live output: the agent watches the simulator's lab PBX over real TCP
 * and serves /zabbix/* over real HTTP; every item, prototype and discovery rule of the template is
 * polled as Zabbix would poll it, and every value is checked against its item's type.
 */
class ZabbixTemplateIT {
    private static final Pattern LLD_MACRO = Pattern.compile("\\{#[A-Z0-9_.]+}");
    private static ZabbixLab lab;
    private static SimCall direct;
    private static SimCall queued;

    @BeforeAll
    static void start() throws Exception {
        lab = new ZabbixLab();
        direct = lab.world.startCall("102", "carrier");
        lab.world.answer(direct);
        queued = lab.world.startLocalCall("103");
        lab.world.queueJoin("support", queued);
        Await.until(ZabbixLab.T, () -> lab.flat().path("channels").asInt(), 5, "channels");
        Await.until(ZabbixLab.T, () -> lab.flat().path("queue_callers").asInt(), 1, "queue callers");
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    void everyItemPrototypeAndRuleResolvesOnLiveOutput6() {
        everyItemResolves(Template.load(Template.V6));
    }

    @Test
    void everyItemPrototypeAndRuleResolvesOnLiveOutput7() {
        everyItemResolves(Template.load(Template.V7));
    }

    private void everyItemResolves(Template t) {
        ZabbixPoll p = lab.poll(t, Map.of());
        assertEquals(List.of(), p.errors, "unsupported items, failed rules or unknown triggers");
        int expected = t.items().size();
        for (JsonNode r : t.rules()) {
            String key = r.path("key").asText();
            assertFalse(p.rows.get(key).isEmpty(), "discovery rule " + key + " found nothing");
            expected += p.rows.get(key).size() * Template.prototypes(r).size();
        }
        assertEquals(expected, p.values.size(), "every item and every prototype of every row has a value");
        assertEquals(t.triggers().stream().mapToInt(tr -> tr.rule() == null ? 1
                : p.rows.get(tr.rule().path("key").asText()).size()).sum(), p.triggers.size(), "every trigger evaluated");
        // a few values, to show that the paths point where they should
        assertEquals(1L, p.values.get("pbxmon.ami.up[lab]"));
        assertEquals("22.10.1", p.values.get("pbxmon.version[lab]"));
        assertEquals(2L, p.values.get("pbxmon.calls.active[lab]"));
        assertEquals(0L, p.values.get("pbxmon.endpoint.state[\"PJSIP\",\"101\"]"));
        assertEquals(1L, p.values.get("pbxmon.endpoint.state[\"PJSIP\",\"103\"]"));
        assertEquals(1L, p.values.get("pbxmon.trunk.state[\"IAX2\",\"carrier-iax\"]"));
        assertEquals(50.0, p.values.get("pbxmon.trunk.usage[\"PJSIP\",\"carrier\"]"));
        assertEquals("Rejected", p.values.get("pbxmon.registration.status[\"PJSIP\",\"deadprovider-reg\"]"));
        assertEquals(1L, p.values.get("pbxmon.queue.callers[\"support\"]"));
        assertEquals(0L, p.values.get("pbxmon.cel.enabled[lab]"));
        assertEquals(0L, p.values.get("pbxmon.cel.db_up[lab]"), "no CEL source: 0, not unsupported");
        assertEquals("", p.values.get("pbxmon.cel.error[lab]"));
        // the rule filters split trunk rows between the trunk and the registration rules
        assertEquals(Set.of("PJSIP/carrier", "IAX2/carrier-iax"), ids(p.rows.get("pbxmon.trunks.discovery")));
        assertEquals(Set.of("registration:PJSIP/carrier-reg", "registration:PJSIP/badauth-reg",
                "registration:PJSIP/deadprovider-reg", "registration:IAX2/pbx@127.0.0.1:4570"),
                ids(p.rows.get("pbxmon.registrations.discovery")));
    }

    private static Set<String> ids(List<Map<String, String>> rows) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.get("{#ID}")));
        return out;
    }

    /** Each discovery endpoint yields, on every row, each LLD macro its rule's prototypes and filter use. */
    @Test
    void discoveryRowsCarryEveryMacroThePrototypesUse() {
        Template t = Template.load(Template.V6);
        ZabbixPoll p = lab.poll(t, Map.of());
        for (JsonNode r : t.rules()) {
            Set<String> used = new TreeSet<>();
            macros(r.path("item_prototypes"), used);
            macros(r.path("trigger_prototypes"), used);
            macros(r.path("filter"), used);
            assertFalse(used.isEmpty(), r.path("key").asText());
            List<Map<String, String>> raw = p.rawRows.get(r.path("key").asText());
            assertFalse(raw.isEmpty(), r.path("key").asText());
            for (Map<String, String> row : raw) {
                assertTrue(row.keySet().containsAll(used), r.path("key") + ": row " + row + " lacks some of " + used);
            }
        }
    }

    private static void macros(JsonNode n, Set<String> out) {
        if (n.isTextual()) {
            Matcher m = LLD_MACRO.matcher(n.asText());
            while (m.find()) {
                out.add(m.group());
            }
        } else {
            n.forEach(c -> macros(c, out));
        }
    }

    @Test
    void everyDiscoveryEndpointAnswersPlainAndLegacy() {
        Map<String, String> first = Map.of("pbx", "{#PBX}", "endpoints", "{#ENDPOINT}", "trunks", "{#TRUNK}",
                "queues", "{#QUEUE}");
        for (String kind : List.of("pbx", "endpoints", "trunks", "queues", "probes", "licenses", "storager")) {
            JsonNode plain = lab.json("/zabbix/discovery/" + kind);
            assertTrue(plain.isArray(), kind);
            JsonNode legacy = lab.json("/zabbix/discovery/" + kind + "?legacy=1");
            assertEquals(plain, legacy.path("data"), kind);
            if (first.containsKey(kind)) {
                assertFalse(plain.isEmpty(), kind);
                plain.forEach(row -> {
                    assertEquals("lab", row.path("{#PBX}").asText(), kind);
                    assertTrue(row.has(first.get(kind)), kind + ": " + row);
                });
            }
        }
        assertEquals(lab.json("/zabbix/discovery/endpoints"), lab.json("/zabbix/discovery/endpoints?pbx=lab"));
    }

    @Test
    void errorsAndAuth() throws Exception {
        for (String path : List.of("/zabbix/pbx/nope", "/zabbix/items/nope/endpoints", "/zabbix/items/lab/nope",
                "/zabbix/discovery/nope", "/zabbix/discovery/endpoints?pbx=nope", "/zabbix/pbx/lab/x", "/zabbix/items/lab")) {
            var r = lab.get(path);
            assertEquals(404, r.statusCode(), path);
            JsonNode body = ZabbixJson.JSON.readTree(r.body());
            assertEquals("error", body.path("result").asText(), path);
            assertFalse(body.path("e").asText().isEmpty(), path);
        }
        assertEquals(401, lab.get("/zabbix/pbx/lab", null, null).statusCode());
        assertEquals(401, lab.get("/zabbix/summary", "admin", "wrong").statusCode());
    }

    /** The same snapshot as /metrics: the values agree series by series. */
    @Test
    void sameFiguresAsMetrics() {
        JsonNode f = lab.flat();
        Map<String, Double> m = lab.metrics();
        String pbx = "{pbx=\"lab\"}";
        assertEquals(m.get("asterisk_up" + pbx), f.path("ami_up").asDouble());
        assertEquals(m.get("asterisk_channels" + pbx), f.path("channels").asDouble());
        assertEquals(m.get("asterisk_calls_active" + pbx), f.path("calls_active").asDouble());
        assertEquals(m.get("asterisk_calls_processed_total" + pbx), f.path("calls_processed").asDouble());
        assertEquals(m.get("asterisk_calls_stuck" + pbx), f.path("calls_stuck").asDouble());
        assertEquals(m.get("asterisk_bridges" + pbx), f.path("bridges").asDouble());
        for (String kind : List.of("extension", "trunk")) {
            for (String state : List.of("up", "lagged", "down", "unknown")) {
                double sum = 0;
                for (Map.Entry<String, Double> e : m.entrySet()) {
                    if (e.getKey().startsWith("asterisk_endpoints{") && e.getKey().contains("kind=\"" + kind + "\"")
                            && e.getKey().contains("state=\"" + state + "\"")) {
                        sum += e.getValue();
                    }
                }
                assertEquals(sum, f.path("endpoints_" + kind + "_" + state).asDouble(), kind + "/" + state);
            }
        }
        int compared = 0;
        for (JsonNode e : lab.json("/zabbix/items/lab/endpoints")) {
            Double up = m.get("asterisk_endpoint_up{endpoint=\"" + e.path("name").asText() + "\",kind=\""
                    + e.path("kind").asText() + "\",pbx=\"lab\",technology=\"" + e.path("technology").asText() + "\"}");
            int code = e.path("state_code").asInt();
            assertEquals(code == 3 ? null : code == 0 ? 0.0 : 1.0, up, e.toString());
            compared++;
        }
        assertEquals(6, compared);
        for (JsonNode t : lab.json("/zabbix/items/lab/trunks")) {
            if (t.path("type").asText().equals("registration")) {
                assertEquals(m.get("asterisk_trunk_registered{pbx=\"lab\",technology=\"" + t.path("technology").asText()
                        + "\",trunk=\"" + t.path("name").asText() + "\"}"), t.path("registered").asDouble(), t.toString());
            } else {
                assertEquals(m.get("asterisk_trunk_channels{pbx=\"lab\",trunk=\"" + t.path("name").asText() + "\"}"),
                        t.path("channels").asDouble(), t.toString());
            }
        }
        for (JsonNode q : lab.json("/zabbix/items/lab/queues")) {
            String name = q.path("name").asText();
            assertEquals(m.get("asterisk_queue_callers{pbx=\"lab\",queue=\"" + name + "\"}"), q.path("callers").asDouble());
            for (String st : ItemRows.MEMBER_STATES) {
                Double v = m.get("asterisk_queue_members{pbx=\"lab\",queue=\"" + name + "\",state=\"" + st + "\"}");
                assertEquals(v == null ? 0.0 : v, q.path("members_" + st).asDouble(), name + "/" + st);
            }
        }
        JsonNode s = lab.json("/zabbix/summary");
        assertEquals(1, s.path("sessions_cnt").asInt());
        assertEquals(1, s.path("pbx_up_cnt").asInt());
        assertEquals(f.path("calls_active").asInt(), s.path("calls_cnt").asInt());
        // badauth-reg and deadprovider-reg are Rejected in the lab
        assertEquals(2, s.path("failed_objects_cnt").asInt());
    }

    /** CEL: every cel_* key equals its asterisk_cel_* series, and every CEL item of the template resolves. */
    @Test
    void celFiguresEqualMetricsAndResolve() throws Exception {
        JsonNode none = lab.flat();
        for (String k : CEL_KEYS.keySet()) {
            assertTrue(none.has(k), "present without a CEL source: " + k);
            assertEquals(0.0, none.path(k).asDouble(), k);
        }
        assertEquals("", none.path("cel_error").asText());
        try (ZabbixLab cel = new ZabbixLab(true)) {
            cel.celSql("UPDATE consumer_state SET last_id = 100");
            Await.until(ZabbixLab.T, () -> cel.flat().path("cel_pending_events").asInt() > 0, true, "pending");
            JsonNode f = cel.flat();
            Map<String, Double> m = cel.metrics();
            assertEquals(1, f.path("cel_enabled").asInt());
            for (Map.Entry<String, String> e : CEL_KEYS.entrySet()) {
                Double v = m.get(e.getValue() + "{pbx=\"lab\"}");
                if (e.getKey().equals("cel_last_event_age_seconds")) {
                    assertEquals(v, f.path(e.getKey()).asDouble(), 5.0, e.getKey()); // polled every 200 ms
                } else {
                    assertEquals(v, f.path(e.getKey()).asDouble(), e.getKey());
                }
            }
            assertEquals(154, f.path("cel_last_id").asInt());
            assertEquals(100, f.path("cel_consumer_last_id").asInt());
            assertEquals("", f.path("cel_error").asText());
            ZabbixPoll p = cel.poll(Template.load(Template.V6), Map.of());
            assertEquals(List.of(), p.errors);
            assertEquals(1L, p.values.get("pbxmon.cel.db_up[lab]"));
            assertEquals(154L, p.values.get("pbxmon.cel.last_id[lab]"));
            assertEquals(f.path("cel_pending_events").asLong(), p.values.get("pbxmon.cel.pending_events[lab]"));
            assertEquals(f.path("cel_pending_calls").asLong(), p.values.get("pbxmon.cel.pending_calls[lab]"));
            assertEquals(true, p.triggers.get("PBX lab: CEL pending events above 1000") != null);
        }
    }

    /** The flat object's CEL keys and the /metrics series they equal. */
    private static final Map<String, String> CEL_KEYS = Map.of(
            "cel_db_up", "asterisk_cel_db_up", "cel_stalled", "asterisk_cel_stalled",
            "cel_last_id", "asterisk_cel_last_id", "cel_consumer_last_id", "asterisk_cel_consumer_last_id",
            "cel_pending_events", "asterisk_cel_pending_events", "cel_pending_calls", "asterisk_cel_pending_calls",
            "cel_open_calls", "asterisk_cel_open_calls", "cel_last_event_age_seconds", "asterisk_cel_last_event_age_seconds");

    /** A call through Local channels (Local/...;1, ;2 and the PJSIP leg) is one call. */
    @Test
    void localChannelsCountOnce() {
        JsonNode f = lab.flat();
        assertEquals(5, f.path("channels").asInt());
        assertEquals(2, f.path("calls_active").asInt(), "one direct call and one call through Local channels");
        SimCall local = lab.world.startLocalCall("103");
        Await.until(ZabbixLab.T, () -> lab.flat().path("channels").asInt(), 8, "channels");
        assertEquals(3, lab.flat().path("calls_active").asInt());
        long processed = lab.flat().path("calls_processed").asLong();
        lab.world.hangup(local, 16);
        Await.until(ZabbixLab.T, () -> lab.flat().path("calls_processed").asLong(), processed + 1, "processed once");
        assertEquals(2, lab.flat().path("calls_active").asInt());
    }

    /** The template polls every 30 s; the agent serves a live snapshot, so a change is there well before. */
    @Test
    void aStateChangeIsVisibleAtTheNextPoll() {
        List<Long> millis = new ArrayList<>();
        for (String status : List.of("Rejected", "Registered")) {
            long t0 = System.nanoTime();
            lab.world.registrationStatus("carrier-reg", status);
            int want = status.equals("Registered") ? 1 : 0;
            Await.until(ZabbixLab.T, () -> ZabbixPoll.jsonPath(lab.get("/zabbix/items/lab/trunks").body(),
                    "$[?(@.id=='registration:PJSIP/carrier-reg')].registered.first()"), want, status);
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        assertTrue(millis.stream().allMatch(ms -> ms < 15_000), "visible after " + millis + " ms; the poll is 30 s");
    }
}
