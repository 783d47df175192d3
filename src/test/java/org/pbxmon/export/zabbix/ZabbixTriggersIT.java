package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.SimCall;
import org.pbxmon.testing.Await;

/**
 * Each failure of the issue raises its own trigger of the shipped template, and the trigger resolves
 * when the state recovers: the simulator is driven into the state, the items the trigger reads are
 * resolved by their JSONPaths on the live JSON, and the trigger's expression is evaluated on them.
 */
class ZabbixTriggersIT {
    private final Template template = Template.load(Template.V6);
    private ZabbixLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = new ZabbixLab();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    /** Whether a trigger (by resolved name) fires now, with these host macro overrides. */
    private Boolean firing(String trigger, Map<String, String> overrides) {
        ZabbixPoll p = lab.poll(template, overrides);
        Boolean v = p.triggers.get(trigger);
        if (v == null) {
            throw new AssertionError("no trigger " + trigger + " among " + p.triggers.keySet() + "; errors " + p.errors);
        }
        String description = p.triggerSource.get(trigger).node().path("description").asText();
        assertTrue(description.contains("Recovers when"), trigger + ": " + description);
        return v;
    }

    private Boolean firing(String trigger) {
        return firing(trigger, Map.of());
    }

    private void raisesAndResolves(String trigger, Runnable fail, Runnable recover) {
        assertEquals(false, firing(trigger), trigger + " before");
        fail.run();
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        recover.run();
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
    }

    @Test
    void trunkRegistrationRejected() {
        raisesAndResolves("Registration PJSIP/carrier-reg: not registered",
                () -> lab.world.registrationStatus("carrier-reg", "Rejected"),
                () -> lab.world.registrationStatus("carrier-reg", "Registered"));
        // the lab's own rejected registrations raise theirs all along
        assertEquals(true, firing("Registration PJSIP/badauth-reg: not registered"));
    }

    @Test
    void trunkUnreachable() {
        raisesAndResolves("Trunk PJSIP/carrier: unreachable",
                () -> lab.world.contactUnreachable("carrier"),
                () -> lab.world.contactReachable("carrier", 1207));
    }

    @Test
    void iax2PeerUnreachable() {
        raisesAndResolves("Trunk IAX2/carrier-iax: unreachable",
                () -> lab.world.iaxPeerStatus("carrier-iax", "UNREACHABLE"),
                () -> lab.world.iaxPeerStatus("carrier-iax", "OK (3 ms)"));
    }

    @Test
    void extensionUnreachableUnlessTheMacroRestrictsAlertsToTrunks() {
        String trigger = "extension PJSIP/103: unreachable";
        raisesAndResolves(trigger,
                () -> lab.world.contactUnreachable("103"),
                () -> lab.world.contactReachable("103", 792));
        lab.world.contactUnreachable("103");
        Await.until(ZabbixLab.T, () -> firing(trigger), true, "raised again");
        Map<String, String> trunksOnly = Map.of("{$PBXMON.ENDPOINT.UNREACHABLE.ALERT:\"extension\"}", "0");
        assertEquals(false, firing(trigger, trunksOnly), "restricted to trunks");
        lab.world.contactUnreachable("carrier");
        Await.until(ZabbixLab.T, () -> firing("Trunk PJSIP/carrier: unreachable", trunksOnly), true, "trunk still alerts");
        // trunks alert through their own trigger only, never twice
        assertEquals(false, firing("trunk PJSIP/carrier: unreachable"));
    }

    @Test
    void queueWithCallersAndNoAvailableMember() {
        String trigger = "Queue overflow: callers waiting and no available member";
        SimCall[] call = new SimCall[1];
        raisesAndResolves(trigger, () -> {
            call[0] = lab.world.startLocalCall("103");
            lab.world.queueJoin("overflow", call[0]);
        }, () -> lab.world.queueMemberStatus("overflow", "PJSIP/101", 1, false));
        // more callers than the macro allows
        String tooMany = "Queue overflow: more than 0 callers waiting";
        assertEquals(true, firing(tooMany, Map.of("{$PBXMON.QUEUE_CALLERS.MAX:\"overflow\"}", "0")));
        assertEquals(false, firing("Queue overflow: more than 5 callers waiting"));
        lab.world.queueLeave("overflow", call[0]);
        Await.until(ZabbixLab.T, () -> firing(tooMany, Map.of("{$PBXMON.QUEUE_CALLERS.MAX:\"overflow\"}", "0")), false, "left");
    }

    /** Live-state items of the PBX template, by key; each must turn "not supported" while AMI is down. */
    private static final List<String> LIVE_ITEMS = List.of("pbxmon.uptime[lab]", "pbxmon.last_reload[lab]",
            "pbxmon.channels[lab]", "pbxmon.calls.active[lab]", "pbxmon.calls.longest[lab]", "pbxmon.calls.stuck[lab]",
            "pbxmon.bridges[lab]", "pbxmon.endpoints.total[lab]", "pbxmon.endpoints[lab,trunk,down]",
            "pbxmon.trunks.up[lab]", "pbxmon.trunks.down[lab]", "pbxmon.trunks.channels[lab]",
            "pbxmon.registrations.unregistered[lab]", "pbxmon.queues.callers[lab]", "pbxmon.queues.unattended[lab]");

    @Test
    void amiDown() {
        String trigger = "PBX lab: AMI session is down";
        String stuck = "PBX lab: a call is stuck";
        String rejected = "Registration PJSIP/badauth-reg: not registered";
        assertEquals(false, firing(trigger));
        assertEquals(false, firing(stuck));
        assertEquals(true, firing(rejected));
        lab.amiDown();
        Await.until(ZabbixLab.T, () -> firing(trigger), true, trigger + " raised");
        // what the agent does not know is not supported, never a made-up 0 ...
        ZabbixPoll p = lab.poll(template, Map.of());
        for (String key : LIVE_ITEMS) {
            assertTrue(p.unsupported.contains(key), key + " while AMI is down: " + p.values.get(key));
        }
        // ... so the triggers on them neither fire nor resolve (Zabbix: unknown, the problem state kept)
        assertFalse(p.triggers.containsKey(stuck), p.triggers.toString());
        assertTrue(p.errors.stream().anyMatch(e -> e.startsWith("trigger " + stuck + ": no value")), p.errors.toString());
        // the discoveries fail instead of answering an empty list, so nothing discovered is lost
        for (String rule : List.of("pbxmon.endpoints.discovery", "pbxmon.trunks.discovery",
                "pbxmon.registrations.discovery", "pbxmon.queues.discovery")) {
            assertTrue(p.errors.stream().anyMatch(e -> e.startsWith("discovery " + rule + ": HTTP 503")
                    && e.contains("pbx lab: live state unknown (AMI session down")), rule + ": " + p.errors);
            assertFalse(p.rawRows.containsKey(rule), rule);
        }
        assertTrue(p.noData.contains("pbxmon.trunks.get"), "the detail masters get no value: " + p.noData);
        assertFalse(p.triggers.containsKey(rejected), "no rows this poll: Zabbix keeps the trigger as it was");
        // the AMI session facts are there
        assertEquals(0L, p.values.get("pbxmon.ami.up[lab]"));
        assertTrue(p.values.containsKey("pbxmon.ami.reconnects[lab]"));
        assertTrue(p.values.containsKey("pbxmon.calls.processed[lab]"), "a counter, kept");
        assertEquals(1L, p.values.get("pbxmon.agent.failed_objects"), "the PBX counts once, its stale registrations not");
        try {
            lab.amiUp();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Await.until(ZabbixLab.T, () -> firing(trigger), false, trigger + " resolved");
        ZabbixPoll back = lab.poll(template, Map.of());
        for (String key : LIVE_ITEMS) {
            assertFalse(back.unsupported.contains(key), key + " after AMI is back: " + back.errors);
        }
        assertEquals(false, firing(stuck));
        assertEquals(true, firing(rejected));
        // the agent kept answering all along: no nodata
        assertEquals(false, firing("PBX lab: no data from pbxmon for 5m"));
    }

    @Test
    void stuckCallAndTrunkCapacity() {
        String stuck = "PBX lab: a call is stuck";
        String capacity = "Trunk PJSIP/carrier: at or above 90% of its capacity";
        assertEquals(false, firing(stuck));
        assertEquals(false, firing(capacity));
        SimCall a = lab.world.startCall("102", "carrier");
        SimCall b = lab.world.startCall("103", "carrier");
        Await.until(ZabbixLab.T, () -> firing(capacity), true, "two channels on a trunk of capacity 2");
        Await.until(ZabbixLab.T, () -> firing(stuck), true, "older than stuck_call_threshold 2s");
        lab.world.hangup(a, 16);
        lab.world.hangup(b, 16);
        Await.until(ZabbixLab.T, () -> firing(stuck), false, "stuck resolved");
        Await.until(ZabbixLab.T, () -> firing(capacity), false, "capacity resolved");
    }

    /**
     * The agent gone (here: refusing the credentials): the agent template's "agent does not answer"
     * fires, and the PBX template's "no data" stays quiet, since its guard (the summary has no data
     * either) says the agent itself is down.
     */
    @Test
    void nodataWhenTheAgentIsGone() {
        Template agentTemplate = Template.load(Template.V6, Template.AGENT_TEMPLATE);
        String trigger = "pbxmon: agent does not answer (no data for 3m)";
        Map<String, String> wrong = Map.of("{$PBXMON.PASSWORD}", "wrong");
        assertEquals(false, lab.poll(agentTemplate, Map.of()).triggers.get(trigger));
        ZabbixPoll p = lab.poll(agentTemplate, wrong);
        assertEquals(true, p.triggers.get(trigger));
        assertTrue(List.copyOf(p.noData).contains("pbxmon.agent.summary.get"), p.noData.toString());
        assertFalse(template.triggers().stream().anyMatch(t -> t.name().contains("agent does not answer")),
                "one agent-down trigger per agent, on the agent host, not one per PBX host");
    }

    /** A {$PBXMON.PBX} the agent does not know raises a problem naming the macro (not only 404s). */
    @Test
    void unknownPbxMacroRaisesAProblem() {
        String trigger = "pbxmon: the agent has no PBX named \"nosuch\" (check the host macro PBXMON.PBX)";
        Map<String, String> nosuch = Map.of("{$PBXMON.PBX}", "nosuch");
        assertEquals(true, lab.poll(template, nosuch).triggers.get(trigger));
        assertEquals(false, firing("pbxmon: the agent has no PBX named \"lab\" (check the host macro PBXMON.PBX)"));
    }

    /**
     * The CEL triggers: quiet on a PBX without CEL (its cel_* are 0, so unguarded "database down" and
     * "pending above -1" would fire), then each raised and resolved on a real CEL table.
     */
    @Test
    void celStalledPendingAndDatabaseDown() throws Exception {
        String stalled = "PBX lab: CEL stalled (insert loss)";
        String pending = "PBX lab: CEL pending events above 10";
        String down = "PBX lab: CEL database down";
        Map<String, String> low = Map.of("{$PBXMON.CEL.PENDING.MAX}", "10");
        assertEquals(0, lab.flat().path("cel_db_up").asInt());
        assertEquals(false, firing(down), "no CEL source: guarded");
        assertEquals(false, firing("PBX lab: CEL pending events above -1", Map.of("{$PBXMON.CEL.PENDING.MAX}", "-1")),
                "no CEL source: guarded");
        assertEquals(false, firing(stalled));
        lab.close();
        lab = new ZabbixLab(true);
        Await.until(ZabbixLab.T, () -> lab.flat().path("cel_db_up").asInt(), 1, "CEL db up");
        // the consumer falls behind, then catches up
        raisesAndResolves(pending, low,
                () -> lab.celSql("UPDATE consumer_state SET last_id = 100"),
                () -> lab.celSql("UPDATE consumer_state SET last_id = 154"));
        // the table becomes unreadable, then comes back
        raisesAndResolves(down, Map.of(),
                () -> lab.celSql("RENAME TABLE cel TO cel_away"),
                () -> lab.celSql("RENAME TABLE cel_away TO cel"));
        // calls go on while cel_odbc writes nothing; then rows arrive again
        raisesAndResolves(stalled, Map.of(), () -> {
            SimCall call = lab.world.startCall("102", "carrier");
            lab.world.answer(call);
            lab.world.hangup(call, 16);
        }, () -> lab.celInsert("CHAN_START", "back.1"));
    }

    private void raisesAndResolves(String trigger, Map<String, String> macros, Runnable fail, Runnable recover) {
        assertEquals(false, firing(trigger, macros), trigger + " before");
        fail.run();
        Await.until(ZabbixLab.T, () -> firing(trigger, macros), true, trigger + " raised");
        recover.run();
        Await.until(ZabbixLab.T, () -> firing(trigger, macros), false, trigger + " resolved");
    }
}
