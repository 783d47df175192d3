package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/**
 * The shipped template in a real Zabbix 6.0 server (Debian's packages, see {@link RealZabbix}): imported
 * through the API, linked to an agent host ("pbxmon agent by HTTP") and two PBX hosts ("pbxmon by
 * HTTP") against a live agent watching the lab simulator (trunks, registrations, queues) and an
 * Itgrix probe; every item and discovered item must be supported with a value, and each fault must
 * open its trigger and close it again. Polls are forced with "check now" tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealZabbixIT {
    private static final Duration LONG = Duration.ofMinutes(4);
    private static final String AGENT_NODATA = "30s";
    private static final String PBX_NODATA = "60s";

    private RealZabbix zbx;
    private ZabbixApi api;
    private HttpServer site;
    private volatile boolean probeUp = true;
    private String itgrix;
    private SimWorld world;
    private AmiSimulator sim;
    private LabAgent agent;
    private String agentHost;
    private String pbxHost;
    private String pbxHost2;
    private long lastKick;

    @BeforeAll
    void start() throws Exception {
        String missing = RealZabbix.missing();
        assumeTrue(missing == null, "a real Zabbix needs the Debian packages " + missing
                + " (" + RealZabbix.PACKAGES + "; .ci/zabbix installs them)");
        try (InputStream in = getClass().getResourceAsStream("/probe/itgrix-status.json")) {
            // a license valid for another 100 days: no license problem on the healthy lab
            itgrix = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"valid_till\": \"2025-04-15\"",
                    "\"valid_till\": \"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(100) + "\"");
        }
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        site.createContext("/", ex -> {
            byte[] body = probeUp ? itgrix.getBytes(StandardCharsets.UTF_8) : "down".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(probeUp ? 200 : 500, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
        world = SimWorld.lab();
        sim = AmiSimulator.start(world, "pbxmon", "sim-secret");
        agent = startAgent();
        zbx = RealZabbix.start();
        api = zbx.api();
        api.importYaml(Files.readString(Path.of("zabbix-templates/pbxmon_by_http.yaml")));
        String group = api.groupId("pbxmon-it");
        agentHost = api.createHost("pbxmon-agent", api.templateId("pbxmon agent by HTTP"), group,
                macros(Map.of("{$PBXMON.AGENT.NODATA.TIMEOUT}", AGENT_NODATA, "{$PBXMON.LLD.LIFETIME}", "0")));
        String pbxTemplate = api.templateId("pbxmon by HTTP");
        Map<String, String> pbx = macros(Map.of("{$PBXMON.PBX}", "lab", "{$PBXMON.NODATA.TIMEOUT}", PBX_NODATA,
                "{$PBXMON.AGENT.NODATA.TIMEOUT}", AGENT_NODATA, "{$PBXMON.LLD.LIFETIME}", "0"));
        pbxHost = api.createHost("pbxmon-lab", pbxTemplate, group, pbx);
        pbx.put("{$PBXMON.PBX}", "nosuch");
        pbxHost2 = api.createHost("pbxmon-lab-2", pbxTemplate, group, pbx);
    }

    private LabAgent startAgent() throws Exception {
        return startAgent(ZabbixLab.PBX_EXTRA);
    }

    private LabAgent startAgent(String pbxExtra) throws Exception {
        LabAgent a = LabAgent.start(LabAgent.pbxYaml("lab", sim, pbxExtra), """
                probes:
                  - name: itgrix
                    profile: itgrix
                    url: http://127.0.0.1:%d/status
                    interval: 1s
                    timeout: 1s
                """.formatted(site.getAddress().getPort()));
        Await.until(Duration.ofSeconds(30), () -> Http.get(a.port(), "/zabbix/pbx/lab", LabAgent.USER, LabAgent.PASSWORD)
                .body().contains("\"ami_up\":1"), true, "agent synced");
        return a;
    }

    private Map<String, String> macros(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("{$PBXMON.URL}", "http://127.0.0.1:" + agent.port());
        m.put("{$PBXMON.USER}", LabAgent.USER);
        m.put("{$PBXMON.PASSWORD}", LabAgent.PASSWORD);
        m.putAll(extra);
        return m;
    }

    @AfterAll
    void stop() {
        if (zbx != null) {
            zbx.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (site != null) {
            site.stop(0);
        }
    }

    /** "Check now" for every HTTP agent item and LLD rule of the hosts, at most every 10 s; then a pause. */
    private void kick(List<String> hosts) {
        if (System.nanoTime() - lastKick > 10_000_000_000L) {
            List<String> ids = new ArrayList<>();
            for (JsonNode i : api.items(hosts)) {
                if (i.path("type").asInt() == 19) {
                    ids.add(i.path("itemid").asText());
                }
            }
            for (JsonNode r : api.discoveryRules(hosts)) {
                ids.add(r.path("itemid").asText());
            }
            api.checkNow(ids);
            lastKick = System.nanoTime();
        }
        Await.sleep(2000);
    }

    /** Items not supported, or without a value, and failing LLD rules, of the hosts. */
    private List<String> unsupported(List<String> hosts) {
        List<String> bad = new ArrayList<>();
        int discovered = 0;
        for (JsonNode i : api.items(hosts)) {
            discovered += i.path("flags").asInt() == 4 ? 1 : 0;
            if (i.path("state").asInt() != 0) {
                bad.add(i.path("key_").asText() + ": " + i.path("error").asText());
            } else if (i.path("lastclock").asLong() == 0 && !i.path("history").asText().equals("0")) {
                bad.add(i.path("key_").asText() + ": no value yet");
            }
        }
        for (JsonNode r : api.discoveryRules(hosts)) {
            if (r.path("state").asInt() != 0) {
                bad.add("LLD " + r.path("key_").asText() + ": " + r.path("error").asText());
            }
        }
        if (discovered < 20) {
            bad.add("only " + discovered + " discovered items");
        }
        return bad;
    }

    /** Resolved trigger names of the hosts to their value (1: PROBLEM). */
    private Map<String, Integer> triggers(List<String> hosts) {
        Map<String, Integer> t = new LinkedHashMap<>();
        for (JsonNode tr : api.triggers(hosts)) {
            t.put(tr.path("hosts").path(0).path("host").asText() + ": " + tr.path("description").asText(), tr.path("value").asInt());
        }
        return t;
    }

    /** Names of the triggers in PROBLEM on the hosts whose name passes the test. */
    private List<String> problems(List<String> hosts, Predicate<String> name) {
        List<String> p = new ArrayList<>();
        triggers(hosts).forEach((n, v) -> {
            if (v == 1 && name.test(n)) {
                p.add(n);
            }
        });
        return p;
    }

    /** Waits (forcing polls) until a trigger whose name ends with suffix is in PROBLEM (open) or OK. */
    private void awaitTrigger(List<String> hosts, String suffix, boolean open) {
        Await.until(LONG, () -> {
            kick(hosts);
            Map<String, Integer> t = triggers(hosts);
            List<String> matching = t.keySet().stream().filter(n -> n.endsWith(suffix)).toList();
            if (matching.isEmpty()) {
                return "no trigger ends with " + suffix + " among " + t.keySet();
            }
            return matching.stream().allMatch(n -> t.get(n) == (open ? 1 : 0)) ? "ok" : matching + " value " + matching.stream().map(t::get).toList();
        }, "ok", suffix + (open ? " in PROBLEM" : " back to OK"));
    }

    private void faultOpensAndCloses(String host, String suffix, Runnable fault, Runnable clear) {
        List<String> hosts = List.of(host);
        awaitTrigger(hosts, suffix, false);
        fault.run();
        awaitTrigger(hosts, suffix, true);
        clear.run();
        awaitTrigger(hosts, suffix, false);
    }

    @Test
    @Order(1)
    void everyItemAndDiscoveredItemIsSupportedWithAValue() {
        List<String> hosts = List.of(agentHost, pbxHost);
        Await.until(LONG, () -> {
            kick(hosts);
            return unsupported(hosts);
        }, List.of(), "every item supported with a value (server log " + zbx.dir + ")");
    }

    /** (e) Extensions with no contact (101, the IAX2 phone) are not "unreachable"; one with a contact that stops answering is. */
    @Test
    @Order(2)
    void onlyExtensionsWithAContactThatStopAnsweringAreUnreachable() {
        List<String> hosts = List.of(pbxHost);
        everyItemAndDiscoveredItemIsSupportedWithAValue();
        kick(hosts);
        assertEquals(List.of(), problems(hosts, n -> n.endsWith(": unreachable") && !n.contains(": Trunk ")),
                "endpoint problems on the healthy lab");
        faultOpensAndCloses(pbxHost, "PJSIP/102: unreachable",
                () -> world.contactUnreachable("102"), () -> world.contactReachable("102", 2000));
    }

    @Test
    @Order(3)
    void trunkDown() {
        faultOpensAndCloses(pbxHost, "Trunk PJSIP/carrier: unreachable",
                () -> world.contactUnreachable("carrier"), () -> world.contactReachable("carrier", 1207));
    }

    @Test
    @Order(4)
    void registrationRejected() {
        faultOpensAndCloses(pbxHost, "Registration PJSIP/carrier-reg: not registered",
                () -> world.registrationStatus("carrier-reg", "Rejected"),
                () -> world.registrationStatus("carrier-reg", "Registered"));
    }

    @Test
    @Order(5)
    void probeDown() {
        faultOpensAndCloses(agentHost, "Probe itgrix: down", () -> probeUp = false, () -> probeUp = true);
    }

    @Test
    @Order(6)
    void amiDown() {
        faultOpensAndCloses(pbxHost, "PBX lab: AMI session is down", () -> sim.close(), this::amiUp);
    }

    private void amiUp() {
        try {
            sim = AmiSimulator.start(world, "pbxmon", "sim-secret", sim.port());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** (c) A wrong {$PBXMON.PBX} raises a problem naming it; fixing the macro closes it. */
    @Test
    @Order(7)
    void wrongPbxMacroRaisesAProblem() {
        List<String> hosts = List.of(pbxHost2);
        Await.until(LONG, () -> {
            kick(hosts);
            return problems(hosts, n -> n.contains("nosuch")).size();
        }, 1, "a problem naming {$PBXMON.PBX} nosuch on " + triggers(hosts).keySet());
        api.setMacro(pbxHost2, "{$PBXMON.PBX}", "lab");
        Await.until(LONG, () -> {
            kick(hosts);
            return problems(hosts, n -> n.contains("has no PBX") || n.contains("nosuch")).size();
        }, 0, "the wrong-PBX problem closed once {$PBXMON.PBX} is right");
    }

    /**
     * (b), (d) The agent killed: the agent host opens "agent does not answer", and nothing else opens
     * on the two PBX hosts of that agent, even after their own no-data window; an agent back on the
     * hosts' URL closes it.
     * (a) The agent comes back with a config where the IAX2 peer carrier-iax (unreachable, its HIGH
     * trunk problem open) is no longer a trunk: its trunk row vanishes, no item turns unsupported
     * ("no data matches the specified path") and, with the lifetime macro at 0, its problem goes away.
     */
    @Test
    @Order(8)
    void agentKilledOpensOneProblemAndATrunkThatChangedKindLeavesNothingBehind() throws Exception {
        List<String> all = List.of(agentHost, pbxHost, pbxHost2);
        String iaxTrunk = "Trunk IAX2/carrier-iax: unreachable";
        awaitTrigger(List.of(pbxHost), iaxTrunk, false);
        world.iaxPeerStatus("carrier-iax", "UNREACHABLE");
        awaitTrigger(List.of(pbxHost), iaxTrunk, true);
        String agentDown = "agent does not answer (no data for " + AGENT_NODATA + ")";
        awaitTrigger(List.of(agentHost), agentDown, false);
        Predicate<String> outage = n -> n.contains("agent does not answer") || n.contains("no data");
        assertEquals(List.of(), problems(all, outage), "before the agent is killed");
        agent.close();
        long killed = System.nanoTime();
        awaitTrigger(List.of(agentHost), agentDown, true);
        // past the PBX hosts' own window (and a timer pass), still only the agent's problem
        long hold = Duration.ofSeconds(60 + 75).toNanos();
        while (System.nanoTime() - killed < hold) {
            kick(all);
            assertEquals(List.of("pbxmon-agent: pbxmon: " + agentDown), problems(all, outage), "one agent outage, one problem");
        }
        agent = startAgent(ZabbixLab.PBX_EXTRA + "      extensions:\n        - carrier-iax\n");
        for (String h : all) {
            api.setMacro(h, "{$PBXMON.URL}", "http://127.0.0.1:" + agent.port());
        }
        awaitTrigger(List.of(agentHost), agentDown, false);
        Await.until(LONG, () -> {
            kick(all);
            return problems(all, outage);
        }, List.of(), "no outage problem once the agent is back");
        List<String> hosts = List.of(pbxHost);
        Await.until(LONG, () -> {
            kick(hosts);
            List<String> bad = unsupported(hosts);
            bad.addAll(problems(hosts, n -> n.contains("carrier-iax")));
            return bad;
        }, List.of(), "carrier-iax no longer a trunk: nothing unsupported, its trunk problem gone");
    }
}
