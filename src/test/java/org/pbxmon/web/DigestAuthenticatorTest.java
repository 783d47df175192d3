package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.Secret;
import org.pbxmon.config.UserCredential;

/** The Digest checks one by one, with a controlled clock; the header is computed by the test's own code. */
class DigestAuthenticatorTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final Nonces nonces = new Nonces(60_000, 100, now::get);
    private final DigestAuthenticator digest = new DigestAuthenticator("pbxmon",
            List.of(new UserCredential("alice", Secret.of("pw-1")),
                    new UserCredential("bob", null,
                            Secret.of(WebFixture.h("MD5", "bob:pbxmon:pw-2")),
                            Secret.of(WebFixture.h("SHA-256", "bob:pbxmon:pw-2")))),
            nonces);

    private Map<String, String> challenge(String alg) {
        for (String c : digest.challenges(false)) {
            Map<String, String> p = DigestAuthenticator.parse(c.substring(7));
            if (p.get("algorithm").equals(alg)) {
                return p;
            }
        }
        throw new AssertionError(alg);
    }

    private DigestAuthenticator.Verdict login(String alg, String user, String pass, String uri, String requestUri,
            int nc, String nonce) {
        Map<String, String> c = challenge(alg);
        String header = WebFixture.digest(alg, user, pass, "pbxmon", nonce == null ? c.get("nonce") : nonce,
                c.get("opaque"), "GET", uri, nc, "c0ffee");
        return digest.verify("GET", requestUri, header);
    }

    @Test
    void goodLoginWithEitherAlgorithmAndWithHa1() {
        for (String alg : List.of("SHA-256", "MD5")) {
            DigestAuthenticator.Verdict v = login(alg, "alice", "pw-1", "/status?path=a.b", "/status?path=a.b", 1, null);
            assertTrue(v.ok(), alg + ": " + v.reason());
            assertEquals("alice", v.user());
            assertTrue(login(alg, "bob", "pw-2", "/status", "/status", 1, null).ok(), "HA1 user, " + alg);
        }
    }

    @Test
    void wrongPasswordOrUserIsRefusedNotStale() {
        DigestAuthenticator.Verdict v = login("SHA-256", "alice", "pw-X", "/status", "/status", 1, null);
        assertFalse(v.ok());
        assertFalse(v.stale());
        assertFalse(login("MD5", "mallory", "pw-1", "/status", "/status", 1, null).ok());
    }

    @Test
    void expiredNonceWithRightPasswordIsStale() {
        String nonce = challenge("SHA-256").get("nonce");
        now.addAndGet(61_000);
        DigestAuthenticator.Verdict v = login("SHA-256", "alice", "pw-1", "/status", "/status", 1, nonce);
        assertFalse(v.ok());
        assertTrue(v.stale(), v.reason());
        DigestAuthenticator.Verdict wrong = login("SHA-256", "alice", "bad", "/status", "/status", 2, nonce);
        assertFalse(wrong.stale(), "stale only for the right password (RFC 7616 3.3)");
        assertTrue(digest.challenges(true).get(0).endsWith(", stale=true"));
    }

    @Test
    void replayedNcIsRefused() {
        String nonce = challenge("SHA-256").get("nonce");
        assertTrue(login("SHA-256", "alice", "pw-1", "/status", "/status", 1, nonce).ok());
        assertTrue(login("SHA-256", "alice", "pw-1", "/status", "/status", 2, nonce).ok());
        DigestAuthenticator.Verdict replay = login("SHA-256", "alice", "pw-1", "/status", "/status", 1, nonce);
        assertFalse(replay.ok());
        assertFalse(replay.stale());
        assertEquals("replayed nc", replay.reason());
        assertTrue(login("SHA-256", "alice", "pw-1", "/status", "/status", 3, nonce).ok(), "out of order is fine");
    }

    @Test
    void ncBeyondTheCapAsksForANewNonce() {
        DigestAuthenticator.Verdict v = login("SHA-256", "alice", "pw-1", "/status", "/status", Nonces.MAX_NC + 1, null);
        assertFalse(v.ok());
        assertTrue(v.stale());
    }

    @Test
    void wrongUriIsRefused() {
        DigestAuthenticator.Verdict v = login("SHA-256", "alice", "pw-1", "/status", "/monitor", 1, null);
        assertFalse(v.ok());
        assertEquals("uri does not match the request", v.reason());
        assertFalse(login("SHA-256", "alice", "pw-1", "/status", "/status?path=x", 1, null).ok(), "query counts");
    }

    @Test
    void tamperedNonceIsRefusedNotStale() {
        String nonce = challenge("SHA-256").get("nonce");
        byte[] raw = Base64.getUrlDecoder().decode(nonce);
        raw[3] ^= 1; // move the issue time: the MAC no longer matches
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        DigestAuthenticator.Verdict v = login("SHA-256", "alice", "pw-1", "/status", "/status", 1, tampered);
        assertFalse(v.ok());
        assertFalse(v.stale());
        assertEquals("invalid nonce", v.reason());
        Nonces other = new Nonces();
        assertEquals(Nonces.Check.INVALID, nonces.check(other.issue()), "another process's nonce");
        assertEquals(Nonces.Check.INVALID, nonces.check("abc"));
    }

    @Test
    void unsupportedParametersAreRefused() {
        Map<String, String> c = challenge("SHA-256");
        String good = WebFixture.digest("SHA-256", "alice", "pw-1", "pbxmon", c.get("nonce"), c.get("opaque"), "GET",
                "/status", 1, "cn");
        assertFalse(digest.verify("GET", "/status", good.replace("qop=auth", "qop=auth-int")).ok());
        assertFalse(digest.verify("GET", "/status", good.replace("algorithm=SHA-256", "algorithm=SHA-256-sess")).ok());
        assertFalse(digest.verify("GET", "/status", good.replace("realm=\"pbxmon\"", "realm=\"other\"")).ok());
        assertFalse(digest.verify("POST", "/status", good).ok(), "method is part of HA2");
        assertFalse(digest.verify("GET", "/status", "Digest garbage").ok());
        assertFalse(digest.verify("GET", "/status", null).ok());
        assertTrue(digest.verify("GET", "/status", good).ok());
    }

    @Test
    void parserHandlesQuotesEscapesAndRejectsDuplicates() {
        Map<String, String> p = DigestAuthenticator.parse("username=\"a\\\"b\", qop=auth, nc=00000001 ,uri=\"/x?a=1,2\"");
        assertEquals("a\"b", p.get("username"));
        assertEquals("auth", p.get("qop"));
        assertEquals("00000001", p.get("nc"));
        assertEquals("/x?a=1,2", p.get("uri"));
        assertNull(DigestAuthenticator.parse("a=1, a=2"));
        assertNull(DigestAuthenticator.parse("a=\"unterminated"));
    }

    @Test
    void trackedNoncesAreBounded() {
        for (int i = 0; i < 250; i++) {
            assertTrue(login("MD5", "alice", "pw-1", "/s", "/s", 1, null).ok());
        }
        assertTrue(nonces.tracked() <= 100, "tracked " + nonces.tracked());
    }
}
