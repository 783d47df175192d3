package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTP config type with every secret: toString() and error messages never show one. */
class NoSecretInHttpConfigTest {
    private static final List<String> SECRETS = List.of("pw-Plain-1", "0123456789abcdef0123456789abcdef",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tok-Bearer-2", "key-Api-3",
            "ks-Pass-4");

    @TempDir
    Path dir;

    @Test
    void everyHttpConfigTypeMasksItsSecrets() throws Exception {
        Path ks = Files.writeString(dir.resolve("ks.p12"), "x");
        AgentConfig c = ConfigLoader.parse("""
                http:
                  listen: 127.0.0.1:8443
                  realm: office
                  users:
                    - {username: admin, password: pw-Plain-1}
                    - {username: ha, password_ha1: {md5: 0123456789abcdef0123456789abcdef, sha256: %s}}
                  tokens: [{name: prom, token: tok-Bearer-2}]
                  api_keys: [{name: desk, key: key-Api-3}]
                  tls: {keystore_file: "%s", keystore_password: ks-Pass-4, reload_interval: 1m}
                  limits: {workers: 2, queue: 5, max_body: 10, max_body_intake: 20, max_body_api: 30}
                  auth: {metrics: bearer, api: api_key}
                """.formatted("a".repeat(64), ks), "t.yml", Map.of());
        HttpConfig h = c.http();
        assertEquals("office", h.realm());
        assertEquals(2, h.limits().workers());
        assertEquals(30, h.limits().maxBodyFor("api"));
        assertEquals(List.of(), h.credentialProblems());
        List<String> shown = new ArrayList<>(List.of(c.toString(), h.toString(), h.tls().toString(),
                h.limits().toString(), String.valueOf(h.users()), String.valueOf(h.tokens()),
                String.valueOf(h.apiKeys()), h.users().get(1).toString(), h.withListen("::1", 1).toString()));
        for (String s : shown) {
            for (String secret : SECRETS) {
                assertFalse(s.contains(secret), secret + " in " + s);
            }
        }
        assertTrue(h.toString().contains("prom") && h.toString().contains("desk"), "names still show");
    }

    @Test
    void errorsAboutSecretValuesNeverQuoteThem() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                http:
                  users:
                    - {username: a, password_ha1: {md5: not-hex-pw-Plain-1}}
                    - {username: b, password: pw-Plain-1, password_ha1: {md5: x}}
                  tokens: [{name: t, token: [tok-Bearer-2]}, {name: t, token: x}]
                  api_keys: [{name: k}]
                  tls: {keystore_file: /nonexistent/ks-Pass-4.p12, keystore_password: ks-Pass-4}
                """, "t.yml", Map.of()));
        assertEquals(List.of(
                "http.users[0].password_ha1.md5: expected 32 hex digits",
                "http.users[1].password_ha1: give password or password_ha1, not both",
                "http.tokens[0].token: expected a string, got a list",
                "http.tokens[1].name: duplicate name \"t\" (also http.tokens[0].name)",
                "http.api_keys[0].key: required",
                "http.tls.keystore_file: file not found: \"/nonexistent/ks-Pass-4.p12\""), e.problems());
        for (String p : e.problems()) {
            for (String secret : List.of("pw-Plain-1", "tok-Bearer-2")) {
                assertFalse(p.contains(secret), p);
            }
        }
    }

    @Test
    void missingCredentialsAreNamedPerGroup() throws Exception {
        HttpConfig none = ConfigLoader.parse("http: {auth: {metrics: bearer}}\n", "t.yml", Map.of()).http();
        assertEquals(List.of(
                "http.auth.metrics: requires credentials but http.tokens is empty",
                "http.auth.status: requires credentials but http.users is empty",
                "http.auth.health: requires credentials but http.users is empty",
                "http.auth.zabbix: requires credentials but http.users is empty",
                "http.auth.monitor: requires credentials but http.users is empty",
                "http.auth.intake: requires credentials but http.users and http.tokens are empty",
                "http.auth.api: requires credentials but http.api_keys and http.users are empty",
                "http.auth.panel: requires credentials but http.users is empty"), none.credentialProblems());
        HttpConfig open = ConfigLoader.parse("""
                http:
                  users: [{username: u, password: p}]
                  auth: {metrics: bearer}
                """, "t.yml", Map.of()).http();
        assertEquals(List.of("http.auth.metrics: requires credentials but http.tokens is empty"),
                open.credentialProblems());
    }

    @Test
    void tlsNeedsAPairOrAKeystore() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "http: {tls: {cert_file: \"" + cert + "\"}}\n", "t.yml", Map.of()));
        assertEquals(List.of("http.tls.key_file: required with cert_file"), e.problems());
        ConfigException e2 = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "http: {tls: {keystore_file: \"" + cert + "\"}}\n", "t.yml", Map.of()));
        assertEquals(List.of("http.tls.keystore_password: required with keystore_file"), e2.problems());
        ConfigException e3 = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "http: {limits: {workers: 0, max_body: -1}}\n", "t.yml", Map.of()));
        assertEquals(List.of("http.limits.workers: must be between 1 and 256",
                "http.limits.max_body: must be between 0 and 67108864 bytes"), e3.problems());
    }

    @Test
    void everyNewKeyIsInTheExample() throws Exception {
        String text = ExampleFileTest.text();
        List<String> keys = new ArrayList<>(HttpBinder.KEYS);
        keys.addAll(HttpBinder.HA1_KEYS);
        keys.addAll(HttpExtrasBinder.TLS_KEYS);
        keys.addAll(HttpExtrasBinder.LIMIT_KEYS);
        keys.addAll(List.of("name", "token", "key", "password_ha1"));
        for (String k : keys) {
            assertTrue(text.contains(" " + k + ":"), k);
        }
    }
}
