package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.config.TestYaml.parse;
import static org.pbxmon.config.TestYaml.pbx;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Map<String, List<String>> DEFAULT_AUTH = defaultAuth();

    private static Map<String, List<String>> defaultAuth() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("metrics", List.of("none"));
        m.put("status", List.of("basic", "digest"));
        m.put("health", List.of("basic", "digest"));
        m.put("zabbix", List.of("basic", "digest"));
        m.put("monitor", List.of("basic", "digest"));
        m.put("intake", List.of("basic", "bearer"));
        m.put("api", List.of("api_key", "basic"));
        m.put("panel", List.of("basic", "digest"));
        return m;
    }

    @Test
    void emptyDocumentGivesAllDefaults() throws Exception {
        for (String yaml : new String[] {"", "# nothing\n", "pbx: []\n", "pbx:\n", "http:\n"}) {
            AgentConfig c = parse(yaml);
            assertEquals("0.0.0.0", c.http().host(), yaml);
            assertEquals(10089, c.http().port());
            assertEquals(List.of(), c.http().users());
            assertEquals(DEFAULT_AUTH, c.http().auth());
            assertEquals(List.of(), c.pbxes());
            assertEquals(Duration.ofMillis(250), c.publishInterval());
            assertEquals("test.yml", c.origin());
        }
    }

    @Test
    void pbxDefaults() throws Exception {
        AgentConfig c = parse("pbx:\n" + pbx("main"));
        PbxConfig p = c.pbxes().get(0);
        assertEquals("main", p.name());
        assertEquals(Duration.ofHours(4), p.stuckCallThreshold());
        assertEquals(TrunkRules.none(), p.trunks());
        AmiConfig a = p.ami();
        assertEquals("127.0.0.1", a.host());
        assertEquals(5038, a.port());
        assertEquals("pbxmon", a.username());
        assertEquals(Secret.of("s3cret"), a.secret());
        assertEquals("md5", a.auth());
        assertEquals(Duration.ofSeconds(5), a.connectTimeout());
        assertEquals(Duration.ofSeconds(10), a.pingInterval());
        assertEquals(Duration.ofSeconds(25), a.readTimeout());
        assertEquals(Duration.ofSeconds(5), a.responseTimeout());
        assertEquals(Duration.ofMinutes(5), a.resyncInterval());
        assertEquals(Duration.ofSeconds(8), a.reconnectBackoffMax());
        assertTrue(a.events());
        assertEquals("pbxmon@127.0.0.1:5038", a.describe());
    }

    @Test
    void everyKeySet() throws Exception {
        AgentConfig c = parse("""
                http:
                  listen: "[::1]:9000"
                  users:
                    - username: admin
                      password: pw1
                    - username: ops
                      password: pw2
                  auth:
                    metrics: [none]
                    status: [Basic]
                    health: basic
                pbx:
                  - name: main-1.a_b
                    ami:
                      host: "[fe80::1]"
                      port: "6000"
                      username: mon
                      secret: 0123
                      auth: MD5
                      connect_timeout: 2
                      ping_interval: 500ms
                      read_timeout: 1m
                      response_timeout: 3s
                      resync_interval: 1h
                      reconnect_backoff_max: 1d
                      events: off
                    stuck_call_threshold: 90m
                    trunks:
                      names: [carrier, "sip-out"]
                      extensions: [office-gw]
                      match: "^(trunk|carrier).*"
                      capacity_channels:
                        carrier: 30
                        "my.trunk": 2
                publish_interval: 10ms
                """);
        HttpConfig h = c.http();
        assertEquals("::1", h.host());
        assertEquals(9000, h.port());
        assertEquals(List.of(new UserCredential("admin", Secret.of("pw1")),
                new UserCredential("ops", Secret.of("pw2"))), h.users());
        assertEquals(List.of("none"), h.schemesFor("metrics"));
        assertEquals(List.of("basic"), h.schemesFor("status"));
        assertEquals(List.of("basic"), h.schemesFor("HEALTH"));
        AmiConfig a = c.pbxes().get(0).ami();
        assertEquals("main-1.a_b", c.pbxes().get(0).name());
        assertEquals("fe80::1", a.host());
        assertEquals(6000, a.port());
        assertEquals("0123", a.secret().reveal(), "scalars are taken as written, not as YAML numbers");
        assertEquals("md5", a.auth());
        assertEquals(Duration.ofSeconds(2), a.connectTimeout());
        assertEquals(Duration.ofMillis(500), a.pingInterval());
        assertEquals(Duration.ofMinutes(1), a.readTimeout());
        assertEquals(Duration.ofSeconds(3), a.responseTimeout());
        assertEquals(Duration.ofHours(1), a.resyncInterval());
        assertEquals(Duration.ofDays(1), a.reconnectBackoffMax());
        assertFalse(a.events());
        assertEquals("mon@[fe80::1]:6000", a.describe());
        assertEquals(Duration.ofMinutes(90), c.pbxes().get(0).stuckCallThreshold());
        TrunkRules t = c.pbxes().get(0).trunks();
        assertEquals(Set.of("carrier", "sip-out"), t.names());
        assertEquals(Set.of("office-gw"), t.extensions());
        assertEquals("^(trunk|carrier).*", t.match().pattern());
        assertTrue(t.match().matcher("trunk-7").find());
        assertEquals(Map.of("carrier", 30, "my.trunk", 2), t.capacityChannels());
        assertEquals(Duration.ofMillis(10), c.publishInterval());
    }

    @Test
    void authDefaultsPerMissingGroupAndSchemeLists() throws Exception {
        AgentConfig c = parse("""
                http:
                  auth:
                    metrics: [basic, BASIC]
                """);
        assertEquals(List.of("basic"), c.http().schemesFor("metrics"));
        assertEquals(List.of("basic", "digest"), c.http().schemesFor("status"));
        assertEquals(List.of("basic", "digest"), c.http().schemesFor("health"));
        assertEquals(List.copyOf(DEFAULT_AUTH.keySet()), List.copyOf(c.http().auth().keySet()));
        assertThrows(IllegalArgumentException.class, () -> c.http().schemesFor("nope"));
    }

    @Test
    void listenForms() throws Exception {
        assertEquals("127.0.0.1", parse("http: {listen: \"127.0.0.1:80\"}").http().host());
        assertEquals("localhost", parse("http: {listen: \"localhost:0\"}").http().host());
        assertEquals(0, parse("http: {listen: \"localhost:0\"}").http().port());
        assertEquals("::", parse("http: {listen: \"[::]:10089\"}").http().host());
    }

    @Test
    void eventsAcceptsOnOffAndBooleans() throws Exception {
        for (String v : new String[] {"on", "ON", "true", "yes", "\"on\""}) {
            assertTrue(parse(("pbx:\n" + pbx("a")).replace("s3cret\n", "s3cret\n      events: " + v + "\n"))
                    .pbxes().get(0).ami().events(), v);
        }
        for (String v : new String[] {"off", "Off", "false", "no"}) {
            assertFalse(parse(("pbx:\n" + pbx("a")).replace("s3cret\n", "s3cret\n      events: " + v + "\n"))
                    .pbxes().get(0).ami().events(), v);
        }
    }

    @Test
    void scalarsAreKeptAsWritten() throws Exception {
        AgentConfig c = parse("""
                pbx:
                  - name: 1.10
                    ami: {host: 10.0.0.1, username: 007, secret: 1_000}
                """);
        assertEquals("1.10", c.pbxes().get(0).name());
        assertEquals("007", c.pbxes().get(0).ami().username());
        assertEquals("1_000", c.pbxes().get(0).ami().secret().reveal());
    }

    @Test
    void severalPbxesKeepOrderAndNoTrunks() throws Exception {
        AgentConfig c = parse("pbx:\n" + pbx("a") + pbx("b") + pbx("c"));
        assertEquals(List.of("a", "b", "c"), c.pbxes().stream().map(PbxConfig::name).toList());
        assertNull(c.pbxes().get(1).trunks().match());
    }

    @Test
    void demoConfig() {
        AgentConfig c = ConfigLoader.demo(15038, "127.0.0.1", 18080);
        assertEquals("<demo>", c.origin());
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(18080, c.http().port());
        assertEquals(List.of(new UserCredential("demo", Secret.of("demo"))), c.http().users());
        Map<String, List<String>> demoAuth = new LinkedHashMap<>(DEFAULT_AUTH);
        demoAuth.put("intake", List.of("basic"));
        demoAuth.put("api", List.of("api_key", "basic")); // the incident API also takes key "demo"
        assertEquals(demoAuth, c.http().auth());
        assertEquals(List.of(), c.http().credentialProblems());
        assertEquals(1, c.pbxes().size());
        PbxConfig p = c.pbxes().get(0);
        assertEquals("demo", p.name());
        assertEquals("pbxmon@127.0.0.1:15038", p.ami().describe());
        assertEquals("demo", p.ami().secret().reveal());
        assertEquals("md5", p.ami().auth());
        assertTrue(p.ami().events());
        assertEquals(TrunkRules.none(), p.trunks());
        assertEquals(Duration.ofMillis(250), c.publishInterval());
    }

    @Test
    void recordsAreImmutable() throws Exception {
        AgentConfig c = parse("pbx:\n" + pbx("a") + "http: {users: [{username: u, password: p}]}\n");
        assertThrows(UnsupportedOperationException.class, () -> c.pbxes().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.http().users().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.http().auth().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.pbxes().get(0).trunks().names().clear());
    }

    @Test
    void trunkRulesEqualityComparesPatterns() {
        TrunkRules a = new TrunkRules(Set.of("x"), Set.of(), java.util.regex.Pattern.compile("^t"), Map.of());
        TrunkRules b = new TrunkRules(Set.of("x"), Set.of(), java.util.regex.Pattern.compile("^t"), Map.of());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(TrunkRules.none()));
    }
}
