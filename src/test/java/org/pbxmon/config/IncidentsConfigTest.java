package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.config.TestYaml.parse;
import static org.pbxmon.config.TestYaml.problems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentsConfigTest {
    @Test
    void absentMeansDisabled() throws Exception {
        assertSame(IncidentsConfig.DISABLED, parse("pbx: []\n").incidents());
        assertFalse(IncidentsConfig.DISABLED.enabled());
    }

    @Test
    void anEmptyBlockEnablesEveryRuleWithItsDefaults() throws Exception {
        IncidentsConfig c = parse("incidents: {}\n", Map.of("HOSTNAME", "pbx-mon-1", "STATE_DIRECTORY", "/var/lib/x:/y")).incidents();
        assertTrue(c.enabled());
        assertEquals("pbx-mon-1", c.agentId());
        assertEquals(IncidentsConfig.Store.H2, c.store().kind());
        assertEquals(Path.of("/var/lib/x"), c.store().stateDir());
        assertEquals(IncidentRules.ALL.size(), c.rules().size());
        IncidentsConfig.RuleConfig high = c.rule("trunk_capacity_high");
        assertEquals(0.8, high.threshold());
        assertEquals(Duration.ofSeconds(60), high.forDuration());
        assertEquals(IncidentsConfig.Alertmanager.DEFAULT, c.alertmanager());
        assertEquals(List.of(), c.callbacks());
    }

    @Test
    void everythingCanBeSet() throws Exception {
        IncidentsConfig c = parse("""
                incidents:
                  agent_id: a1
                  pending_limit: 500
                  store: {type: mariadb, url: "jdbc:mariadb://127.0.0.1:3306/pbxmon", username: u, password: p, pool_size: 3}
                  rules:
                    ami_down: {for: 0, clear_for: 5s}
                    stuck_calls: off
                    queue_callers_high: {threshold: 3}
                  alertmanager: {labels: {severity: level, pbx: instance_name}}
                  callbacks:
                    - name: get
                      url: https://h.example/x?data={response}
                      method: GET
                    - name: post
                      url: http://127.0.0.1:9/p
                      raw_json: on
                      headers: {X-Tenant: acme}
                      secret: whsec_c2VjcmV0
                      status: inactive
                  objects:
                    "trunk:main/carrier": {region: karnataka, region_code: KA-IN, capacity: 30, numbers: ["+1"]}
                    "pbx:main": ~
                """).incidents();
        assertEquals("a1", c.agentId());
        assertEquals(500, c.pendingLimit());
        assertEquals("jdbc:mariadb://127.0.0.1:3306/pbxmon", c.store().url());
        assertEquals(Secret.of("p"), c.store().password());
        assertEquals(Duration.ZERO, c.rule("ami_down").forDuration());
        assertFalse(c.rule("stuck_calls").enabled());
        assertEquals(3, c.rule("queue_callers_high").threshold());
        assertEquals("level", c.alertmanager().severityLabel());
        assertEquals("instance_name", c.alertmanager().pbxLabel());
        assertEquals("trunk", c.alertmanager().trunkLabel());
        IncidentsConfig.Callback get = c.callbacks().get(0);
        assertEquals("GET", get.method());
        assertTrue(get.active());
        assertEquals("https://h.example/x?data=%7Bresponse%7D", get.url().toString());
        IncidentsConfig.Callback post = c.callbacks().get(1);
        assertEquals("POST", post.method());
        assertTrue(post.rawJson());
        assertEquals("", post.payload());
        assertFalse(post.active());
        assertEquals(Map.of("X-Tenant", "acme"), post.headers());
        assertEquals(30, c.objects().get("trunk:main/carrier").capacity());
        assertEquals(List.of("+1"), c.objects().get("trunk:main/carrier").numbers());
        assertEquals(IncidentsConfig.ObjectMeta.NONE, c.objects().get("pbx:main"));
        assertNull(c.objects().get("pbx:other"));
    }

    @Test
    void mistakesAreNamedByTheirPath() {
        assertEquals(List.of(
                "incidents.store.url: expected a jdbc:mariadb:// URL",
                "incidents.store.password: required",
                "incidents.rules.nope: unknown key",
                "incidents.rules.ami_down.threshold: this rule has no threshold",
                "incidents.callbacks[0].url: expected an http:// or https:// URL with a host",
                "incidents.callbacks[0].headers.webhook-id: set by pbxmon itself; cannot be configured",
                "incidents.callbacks[1].name: duplicate name \"a\" (also incidents.callbacks[0])",
                "incidents.callbacks[1].payload: a GET has no body: put {response} in the url",
                "incidents.objects[\"trunk:main\"]: not an object id (pbx:NAME, trunk:PBX/NAME, queue:PBX/NAME, probe:NAME, alert:NAME)"),
                problems("""
                        incidents:
                          store: {type: mariadb, url: "postgres://x", username: u}
                          rules:
                            ami_down: {threshold: 3}
                            nope: on
                          callbacks:
                            - {name: a, url: "ftp://x/y", headers: {webhook-id: x}}
                            - {name: a, url: "http://x/y", method: get, payload: "data={response}"}
                          objects:
                            "trunk:main": {}
                        """).stream().map(p -> p.replaceAll(" \\(allowed: .*\\)$", "")).toList());
    }

    @Test
    void noSecretOfTheIncidentsBlockShowsInToString() throws Exception {
        IncidentsConfig c = parse("""
                incidents:
                  store: {type: mariadb, url: "jdbc:mariadb://127.0.0.1:3306/pbxmon", username: u, password: "db-PW-1"}
                  callbacks:
                    - {name: a, url: "https://h.example/x?token=URL-TOKEN-2&data={response}", headers: {X-Auth: "HDR-TOKEN-3"},
                       secret: "SIGN-SECRET-4"}
                """).incidents();
        String shown = c.toString() + c.callbacks() + c.store();
        for (String secret : List.of("db-PW-1", "URL-TOKEN-2", "HDR-TOKEN-3", "SIGN-SECRET-4")) {
            assertFalse(shown.contains(secret), secret + " in " + shown);
        }
        assertTrue(shown.contains("X-Auth"), "header names stay: " + shown);
    }
}
