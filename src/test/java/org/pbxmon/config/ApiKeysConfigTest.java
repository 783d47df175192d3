package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code http.api_keys}: plain keys hashed at load, keys given by digest, status, and every error. */
class ApiKeysConfigTest {
    static final String KEY = "plain-Key-41";
    static final String OTHER = "other-Key-42";
    /** SHA-256 of "abc" (FIPS 180-2 test vector), computed elsewhere. */
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void plainKeysAreKeptOnlyAsDigests() throws Exception {
        HttpConfig h = TestYaml.parse("""
                http:
                  api_keys:
                    - {name: desk, key: %s}
                    - {name: abc, key_sha256: %s, status: active}
                    - {name: env, key_sha256: "${ABC_SHA}", status: INACTIVE}
                    - {name: old, key: %s, status: inactive}
                  tokens: [{name: prom, token: tok-5}]
                """.formatted(KEY, ABC_SHA256.toUpperCase(), OTHER), Map.of("ABC_SHA", ABC_SHA256)).http();
        List<ApiToken> keys = h.apiKeys();
        assertEquals(List.of("desk", "abc", "env", "old"), keys.stream().map(ApiToken::name).toList());
        for (ApiToken k : keys) {
            assertNull(k.value(), "no plain key kept for " + k.name());
        }
        assertEquals(ApiToken.sha256Hex(KEY), keys.get(0).sha256());
        assertEquals(ABC_SHA256, keys.get(1).sha256(), "lower-cased");
        assertEquals(List.of(true, true, false, false), keys.stream().map(ApiToken::active).toList());
        assertTrue(keys.get(0).matches(KEY));
        assertFalse(keys.get(0).matches(OTHER));
        assertTrue(keys.get(1).matches("abc"));
        assertTrue(keys.get(2).matches("abc"));
        assertFalse(keys.get(1).matches(ABC_SHA256), "the digest itself is not the key");
        assertTrue(keys.get(3).matches(OTHER));
        assertFalse(keys.get(0).matches(""));
        assertFalse(keys.get(0).matches(null));
        String shown = keys.toString();
        for (String secret : List.of(KEY, OTHER, ABC_SHA256, ApiToken.sha256Hex(KEY))) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("inactive"), shown);

        ApiToken bearer = h.tokens().get(0);
        assertEquals("tok-5", bearer.value().reveal(), "bearer tokens keep their value");
        assertTrue(bearer.active());
        assertTrue(bearer.matches("tok-5"));
        assertFalse(bearer.toString().contains("tok-5"));
    }

    @Test
    void everyWrongEntryIsNamed() {
        List<String> problems = TestYaml.problems("""
                http:
                  api_keys:
                    - {name: a, key_sha256: 0123}
                    - {name: b, key_sha256: %s}
                    - {name: c, key: %s, key_sha256: %s}
                    - {name: d, key: %s, status: enabled}
                    - {name: e}
                    - {name: f, key: ""}
                    - {name: a, key: x}
                    - {name: g, key: x, secret: y}
                    - {name: h, key_sha256: [x]}
                """.formatted("z".repeat(64), KEY, ABC_SHA256, OTHER));
        assertEquals(List.of(
                "http.api_keys[0].key_sha256: expected 64 hex digits (the SHA-256 of the key)",
                "http.api_keys[1].key_sha256: expected 64 hex digits (the SHA-256 of the key)",
                "http.api_keys[2]: give key or key_sha256, not both",
                "http.api_keys[3].status: unknown value \"enabled\" (allowed: active, inactive)",
                "http.api_keys[4].key: required",
                "http.api_keys[5].key: must not be empty",
                "http.api_keys[6].name: duplicate name \"a\" (also http.api_keys[0].name)",
                "http.api_keys[7].secret: unknown key (allowed: name, key, key_sha256, status)",
                "http.api_keys[8].key_sha256: expected a string, got a list"), problems);
        for (String p : problems) {
            for (String secret : List.of(KEY, OTHER, ABC_SHA256, "z".repeat(64))) {
                assertFalse(p.contains(secret), p);
            }
        }
    }

    @Test
    void theExampleShowsEveryApiKeyField() throws Exception {
        String text = ExampleFileTest.text();
        for (String k : HttpExtrasBinder.API_KEY_KEYS) {
            assertTrue(text.contains(" " + k + ":"), k);
        }
        assertTrue(text.contains("api_key="), "the query form is documented");
    }

    @Test
    void apiTokenRefusesWhatIsNotADigest() {
        assertThrows(IllegalArgumentException.class, () -> ApiToken.hashed("x", "abc", true));
        assertThrows(IllegalArgumentException.class, () -> ApiToken.hashed("x", "g".repeat(64), true));
        assertThrows(IllegalArgumentException.class, () -> new ApiToken("x", null, null, true));
        assertThrows(NullPointerException.class, () -> new ApiToken("x", null));
        ApiToken k = ApiToken.key("k", "abc", false);
        assertNull(k.value());
        assertEquals(ABC_SHA256, k.sha256());
        assertEquals(new ApiToken("k", Secret.of("abc")).sha256(), k.sha256());
    }
}
