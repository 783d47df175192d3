package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.config.TestYaml.pbx;
import static org.pbxmon.config.TestYaml.problems;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigErrorsTest {
    private static final String AMI_KEYS = "host, port, username, secret, auth, connect_timeout, ping_interval,"
            + " read_timeout, response_timeout, resync_interval, reconnect_backoff_max, events";

    private static List<String> amiProblem(String line) {
        return problems(("pbx:\n" + pbx("main")).replace("secret: s3cret\n", "secret: s3cret\n      " + line + "\n"));
    }

    private static String one(String yaml) {
        List<String> p = problems(yaml);
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void portRange() {
        String yaml = "pbx:\n" + pbx("a") + pbx("b").replace("s3cret\n", "s3cret\n      port: 70000\n");
        assertEquals("pbx[1].ami.port: must be between 1 and 65535", one(yaml));
        assertEquals(List.of("pbx[0].ami.port: must be between 1 and 65535"), amiProblem("port: 0"));
        assertEquals(List.of("pbx[0].ami.port: must be between 1 and 65535"), amiProblem("port: 99999999999999999999"));
    }

    @Test
    void wrongTypes() {
        assertEquals(List.of("pbx[0].ami.port: expected an integer, got \"abc\""), amiProblem("port: abc"));
        assertEquals(List.of("pbx[0].ami.port: expected an integer, got \"50.38\""), amiProblem("port: 50.38"));
        assertEquals(List.of("pbx[0].ami.port: expected an integer, got a list"), amiProblem("port: [1]"));
        assertEquals(List.of("pbx[0].ami.events: expected on or off, got \"maybe\""), amiProblem("events: maybe"));
        assertEquals(List.of("pbx[0].ami.auth: unknown value \"sha\" (allowed: md5)"), amiProblem("auth: sha"));
        assertEquals("pbx: expected a list, got a mapping", one("pbx:\n  name: main\n"));
        assertEquals("http: expected a mapping, got \"yes\"", one("http: yes\n"));
        assertEquals("http.users: expected a list, got \"admin\"", one("http:\n  users: admin\n"));
        assertEquals("pbx[0]: expected a mapping, got \"main\"", one("pbx: [main]\n"));
        assertEquals("pbx[0].trunks.names: expected a list, got \"carrier\"",
                one(("pbx:\n" + pbx("a")) + "    trunks: {names: carrier}\n"));
        assertEquals("test.yml: expected a mapping at the top level (http, pbx, publish_interval), got a list",
                one("- a\n- b\n"));
    }

    @Test
    void unknownScheme() {
        assertEquals("http.auth.status: unknown scheme \"digets\" (allowed: basic, digest)",
                one("http:\n  auth:\n    status: digets\n"));
        assertEquals("http.auth.metrics[1]: unknown scheme \"digest\" (allowed: none, basic, bearer)",
                one("http:\n  auth:\n    metrics: [basic, digest]\n"));
        assertEquals("http.auth.status: unknown scheme \"none\" (allowed: basic, digest)",
                one("http:\n  auth:\n    status: none\n"));
        assertEquals("http.auth.health: \"none\" cannot be combined with other schemes",
                one("http:\n  auth:\n    health: [none, basic]\n"));
        assertEquals("http.auth.health: must not be empty (use none for open access)",
                one("http:\n  auth:\n    health: []\n"));
    }

    @Test
    void unknownKeyAtEveryLevel() {
        assertEquals(List.of("pbx[0].ami.colour: unknown key (allowed: " + AMI_KEYS + ")"), amiProblem("colour: red"));
        assertEquals("colour: unknown key (allowed: " + String.join(", ", ConfigLoader.TOP_KEYS) + ")", one("colour: red\n"));
        assertEquals("http.colour: unknown key (allowed: listen, realm, users, tokens, api_keys, auth, tls, limits)",
                one("http: {colour: red}\n"));
        assertEquals("http.users[0].colour: unknown key (allowed: username, password, password_ha1)",
                one("http: {users: [{username: a, password: b, colour: red}]}\n"));
        assertEquals("http.auth.nope: unknown key (allowed: metrics, status, health, zabbix, monitor, intake, api, panel)",
                one("http: {auth: {nope: none}}\n"));
        assertEquals("pbx[0].colour: unknown key (allowed: name, ami, stuck_call_threshold, trunks, cel, quality)",
                one("pbx:\n" + pbx("a") + "    colour: red\n"));
        assertEquals("pbx[0].trunks.colour: unknown key (allowed: names, extensions, match, capacity_channels)",
                one("pbx:\n" + pbx("a") + "    trunks: {colour: red}\n"));
        assertEquals("[\"odd key\"]: unknown key (allowed: " + String.join(", ", ConfigLoader.TOP_KEYS) + ")", one("odd key: 1\n"));
    }

    @Test
    void duplicateName() {
        assertEquals("pbx[2].name: duplicate name \"main\" (also pbx[0])",
                one("pbx:\n" + pbx("main") + pbx("other") + pbx("main")));
    }

    @Test
    void invalidName() {
        assertEquals("pbx[0].name: invalid name \"main pbx\" (allowed characters: A-Z a-z 0-9 _ . -)",
                one("pbx:\n" + pbx("main pbx")));
    }

    @Test
    void requiredKeys() {
        assertEquals(List.of("pbx[0].ami.host: required"),
                problems("pbx:\n" + pbx("main").replace("      host: 127.0.0.1\n", "")));
        assertEquals(List.of("pbx[0].name: required", "pbx[0].ami: required"), problems("pbx:\n  - stuck_call_threshold: 1h\n"));
        assertEquals(List.of("pbx[0].ami.host: required", "pbx[0].ami.username: required", "pbx[0].ami.secret: required"),
                problems("pbx:\n  - name: a\n    ami: {port: 1}\n"));
        assertEquals(List.of("pbx[0].ami.host: must not be empty", "pbx[0].ami.secret: must not be empty"),
                problems("pbx:\n  - name: a\n    ami: {host: '', username: u, secret: \"\"}\n"));
        assertEquals(List.of("http.users[0].username: required", "http.users[0].password: required"),
                problems("http:\n  users:\n    - {}\n"));
        assertEquals("pbx[0]: expected a mapping with name and ami, got nothing", one("pbx:\n  -\n"));
    }

    @Test
    void durations() {
        assertEquals("publish_interval: invalid duration \"5 minutes\" (use e.g. 250ms, 10s, 5m)",
                one("publish_interval: 5 minutes\n"));
        assertEquals("publish_interval: must be between 10ms and 10s", one("publish_interval: 5ms\n"));
        assertEquals("publish_interval: must be between 10ms and 10s", one("publish_interval: 11s\n"));
        assertEquals("publish_interval: must be greater than 0", one("publish_interval: 0\n"));
        assertEquals("publish_interval: must be greater than 0", one("publish_interval: -1s\n"));
        assertEquals(List.of("pbx[0].ami.connect_timeout: must be at most 365d"), amiProblem("connect_timeout: 366d"));
        assertEquals(List.of("pbx[0].ami.read_timeout: must be greater than ping_interval (10s)"),
                amiProblem("read_timeout: 10s"));
        assertEquals(List.of("pbx[0].ami.read_timeout: must be greater than ping_interval (30s)"),
                amiProblem("ping_interval: 30s"));
        assertEquals("pbx[0].stuck_call_threshold: invalid duration \"4 hours\" (use e.g. 250ms, 10s, 5m)",
                one("pbx:\n" + pbx("a") + "    stuck_call_threshold: 4 hours\n"));
    }

    @Test
    void listen() {
        assertEquals("http.listen: invalid address \"10089\" (expected host:port, e.g. 0.0.0.0:10089 or [::1]:10089)",
                one("http: {listen: 10089}\n"));
        assertEquals("http.listen: invalid address \":10089\" (expected host:port, e.g. 0.0.0.0:10089 or [::1]:10089)",
                one("http: {listen: \":10089\"}\n"));
        assertEquals("http.listen: IPv6 addresses must be in brackets, e.g. [::1]:10089",
                one("http: {listen: \"::1:10089\"}\n"));
        assertEquals("http.listen: port must be between 0 and 65535, got \"70000\"",
                one("http: {listen: \"0.0.0.0:70000\"}\n"));
        assertEquals("http.listen: port must be between 0 and 65535, got \"http\"",
                one("http: {listen: \"[::1]:http\"}\n"));
    }

    @Test
    void users() {
        assertEquals(List.of("http.users[1].username: duplicate username \"admin\" (also http.users[0].username)",
                "http.users[2].username: must not contain ':'"),
                problems("http:\n  users:\n    - {username: admin, password: a}\n    - {username: admin, password: b}\n"
                        + "    - {username: 'a:b', password: c}\n"));
    }

    @Test
    void trunks() {
        String base = "pbx:\n" + pbx("a") + "    trunks:\n";
        assertEquals("pbx[0].trunks.extensions[1]: \"carrier\" is also listed in pbx[0].trunks.names[0]",
                one(base + "      names: [carrier]\n      extensions: [gw, carrier]\n"));
        assertEquals("pbx[0].trunks.match: invalid regular expression: Unclosed group near index 7",
                one(base + "      match: \"^(trunk\"\n"));
        assertEquals("pbx[0].trunks.capacity_channels.carrier: must be at least 1",
                one(base + "      capacity_channels: {carrier: 0}\n"));
        assertEquals("pbx[0].trunks.capacity_channels[\"my trunk\"]: expected an integer, got \"many\"",
                one(base + "      capacity_channels: {\"my trunk\": many}\n"));
        assertEquals("pbx[0].trunks.capacity_channels: expected a mapping of trunk name to channels, got a list",
                one(base + "      capacity_channels: [carrier]\n"));
        assertEquals("pbx[0].trunks.names[0]: must not be empty", one(base + "      names: [\"\"]\n"));
    }

    @Test
    void severalProblemsCollectedAtOnce() {
        List<String> p = problems("""
                http:
                  listen: nowhere
                  auth: {status: digets}
                pbx:
                  - name: main
                    ami: {host: h, username: u, secret: s, port: abc, colour: red}
                  - name: main
                    ami: {username: u, secret: s, ping_interval: 5 minutes}
                publish_interval: 1m
                """);
        assertEquals(List.of(
                "http.listen: invalid address \"nowhere\" (expected host:port, e.g. 0.0.0.0:10089 or [::1]:10089)",
                "http.auth.status: unknown scheme \"digets\" (allowed: basic, digest)",
                "pbx[0].ami.colour: unknown key (allowed: " + AMI_KEYS + ")",
                "pbx[0].ami.port: expected an integer, got \"abc\"",
                "pbx[1].name: duplicate name \"main\" (also pbx[0])",
                "pbx[1].ami.host: required",
                "pbx[1].ami.ping_interval: invalid duration \"5 minutes\" (use e.g. 250ms, 10s, 5m)",
                "publish_interval: must be between 10ms and 10s"), p);
        ConfigException e = assertThrows(ConfigException.class, () -> TestYaml.parse("publish_interval: x\nhttp: 1\n"));
        assertEquals(String.join("\n", e.problems()), e.getMessage());
        assertEquals(2, e.problems().size());
    }

    @Test
    void yamlSyntaxErrors() {
        assertEquals("test.yml: line 1, column 8: mapping values are not allowed here",
                one("http: a: b\n"));
        assertEquals("test.yml: line 3, column 1: found unexpected end of stream (while scanning a quoted scalar)",
                one("pbx:\n  - name: \"main\n"));
        assertEquals("test.yml: line 2, column 1: found character '\\t(TAB)' that cannot start any token."
                        + " (Do not use \\t(TAB) for indentation) (while scanning for the next token)",
                one("http:\n\tlisten: x\n"));
        assertEquals("test.yml: line 3, column 1: multiple YAML documents are not supported",
                one("pbx: []\n---\npbx: []\n"));
    }

    @Test
    void duplicateKeys() {
        assertEquals("http.listen: duplicate key (line 3, column 3)",
                one("http:\n  listen: \"a:1\"\n  listen: \"b:2\"\n"));
        assertEquals("pbx[0].ami.host: duplicate key (line 5, column 7)",
                one("pbx:\n" + pbx("main").replace("      username", "      host: other\n      username")));
        assertEquals("pbx: duplicate key (line 2, column 1)", one("pbx: []\npbx: []\n"));
    }

    @Test
    void aliasesAndBinaryAreRejected() {
        assertEquals("pbx[1]: YAML aliases (*p) are not supported (line 3, column 5)",
                one("pbx:\n  - &p {name: a, ami: {host: h, username: u, secret: s}}\n  - *p\n"));
        assertTrue(one("http: {listen: !!binary aGVsbG8=}\n").startsWith("http.listen: unsupported YAML value"));
    }

    @Test
    void secretsNeverAppearInMessages() {
        String secret = "Sup3r-S3cret-Value";
        List<String> p = problems("""
                http:
                  users: [{username: u, password: [%1$s]}]
                pbx:
                  - name: a
                    ami: {host: h, username: u, secret: {x: %1$s}}
                  - name: b
                    ami: {host: h, username: u, secret: "%1$s\\nInjected: 1"}
                """.formatted(secret));
        assertEquals(List.of("http.users[0].password: expected a string, got a list",
                "pbx[0].ami.secret: expected a string, got a mapping",
                "pbx[1].ami.secret: must not contain line breaks"), p);
        for (String m : problems("pbx:\n  - name: a\n    ami: {secret: \"" + secret + "}\n")) {
            assertTrue(!m.contains(secret) && !m.contains("Sup3r"), m);
        }
        for (String m : problems("pbx:\n  - name: a\n    ami:\n      secret: " + secret + ": x\n")) {
            assertTrue(!m.contains(secret) && !m.contains("Sup3r"), m);
        }
        for (String m : problems("pbx:\n  - {ami: {secret: " + secret + ", secret: " + secret + "}}\n")) {
            assertTrue(!m.contains(secret), m);
        }
        for (String m : problems("pbx:\n  - {ami: {secret: \"${NOPE}" + secret + "\"}}\n", Map.of())) {
            assertTrue(!m.contains(secret), m);
        }
    }
}
