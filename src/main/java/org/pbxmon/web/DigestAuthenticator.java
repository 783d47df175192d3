package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pbxmon.config.UserCredential;

/**
 * HTTP Digest server authentication, RFC 7616: {@code qop=auth}, SHA-256 and MD5 (challenged in that
 * order), self-validating nonces with expiry and {@code stale=true}, {@code nc} replay protection,
 * constant-time compares. Users may be stored with a plain password or precomputed HA1 values.
 * Neither {@code -sess} algorithms, {@code auth-int} nor {@code userhash} are offered or accepted.
 */
final class DigestAuthenticator extends Authenticator {
    /** A digest algorithm: its token in the header and its JCA name. */
    enum Algorithm {
        SHA_256("SHA-256"), MD5("MD5");

        final String token;

        Algorithm(String token) {
            this.token = token;
        }

        static Algorithm of(String token) {
            if (token == null) {
                return MD5; // RFC 7616 3.4: absent means MD5
            }
            for (Algorithm a : values()) {
                if (a.token.equalsIgnoreCase(token)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** The result of checking an Authorization header: a user, or a failure that may be stale. */
    record Verdict(String user, boolean stale, String reason) {
        static Verdict fail(String reason) {
            return new Verdict(null, false, reason);
        }

        boolean ok() {
            return user != null;
        }
    }

    private final String realm;
    private final List<UserCredential> users;
    private final Nonces nonces;
    private final String opaque;

    DigestAuthenticator(String realm, List<UserCredential> users, Nonces nonces) {
        this.realm = realm;
        this.users = List.copyOf(users);
        this.nonces = nonces;
        this.opaque = Hashes.hex("SHA-256", "opaque:" + realm).substring(0, 32);
    }

    /** {@code WWW-Authenticate} values, SHA-256 first, sharing one fresh nonce. */
    List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        List<String> out = new ArrayList<>();
        for (Algorithm a : Algorithm.values()) {
            out.add("Digest realm=\"" + realm + "\", qop=\"auth\", algorithm=" + a.token + ", nonce=\"" + nonce
                    + "\", opaque=\"" + opaque + "\"" + (stale ? ", stale=true" : ""));
        }
        return out;
    }

    @Override
    public Result authenticate(HttpExchange ex) {
        Verdict v = verify(ex.getRequestMethod(), ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Authorization"));
        if (v.ok()) {
            return new Success(new HttpPrincipal(v.user(), realm));
        }
        challenges(v.stale()).forEach(c -> ex.getResponseHeaders().add("WWW-Authenticate", c));
        return new Retry(401);
    }

    /**
     * Checks a {@code Digest} Authorization header against the request.
     *
     * @param requestTarget the request-target exactly as in the request line (path and query)
     */
    Verdict verify(String method, String requestTarget, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Verdict.fail("no digest credentials");
        }
        Map<String, String> p = parse(authorization.substring(7));
        if (p == null) {
            return Verdict.fail("malformed header");
        }
        String username = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        String qop = p.get("qop");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        Algorithm alg = Algorithm.of(p.get("algorithm"));
        if (username == null || nonce == null || uri == null || response == null || cnonce == null
                || cnonce.isEmpty() || alg == null || "true".equalsIgnoreCase(p.get("userhash"))) {
            return Verdict.fail("missing or unsupported parameter");
        }
        if (!"auth".equals(qop) || nc == null || !nc.matches("[0-9a-fA-F]{8}")) {
            return Verdict.fail("qop=auth with an 8-digit nc is required");
        }
        if (!realm.equals(p.get("realm")) || (p.containsKey("opaque") && !opaque.equals(p.get("opaque")))) {
            return Verdict.fail("wrong realm or opaque");
        }
        if (!uri.equals(requestTarget)) {
            return Verdict.fail("uri does not match the request");
        }
        Nonces.Check check = nonces.check(nonce);
        if (check == Nonces.Check.INVALID) {
            return Verdict.fail("invalid nonce");
        }
        String ha2 = Hashes.hex(alg.token, method + ":" + uri);
        String tail = ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
        String matched = null;
        for (UserCredential u : users) {
            String ha1 = ha1(u, alg);
            boolean nameOk = Hashes.same(u.username(), username);
            boolean responseOk = ha1 != null && Hashes.same(Hashes.hex(alg.token, ha1 + tail),
                    response.toLowerCase(Locale.ROOT));
            if (nameOk & responseOk) {
                matched = u.username();
            }
        }
        if (matched == null) {
            return Verdict.fail("wrong user or password");
        }
        if (check == Nonces.Check.STALE) {
            return new Verdict(null, true, "stale nonce");
        }
        Boolean fresh = nonces.use(nonce, Long.parseLong(nc, 16));
        if (fresh == null) {
            return new Verdict(null, true, "nonce needs renewal");
        }
        if (!fresh) {
            return Verdict.fail("replayed nc");
        }
        return new Verdict(matched, false, "");
    }

    private String ha1(UserCredential u, Algorithm alg) {
        if (u.password() != null) {
            return Hashes.hex(alg.token, u.username() + ":" + realm + ":" + u.password().reveal());
        }
        if (alg == Algorithm.SHA_256) {
            return u.ha1Sha256() == null ? null : u.ha1Sha256().reveal();
        }
        return u.ha1Md5() == null ? null : u.ha1Md5().reveal();
    }

    /**
     * The auth-params of a credentials header ({@code k=token} or {@code k="quoted \" string"}, comma
     * separated), keys lower-cased; null when malformed or a key repeats.
     */
    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty() || !key.matches("[a-z0-9_*-]+")) {
                return null;
            }
            i = eq + 1;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            boolean quoted = i < n && s.charAt(i) == '"';
            if (quoted) {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (out.put(key, quoted ? value.toString() : value.toString().trim()) != null) {
                return null;
            }
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && s.charAt(i) != ',') {
                return null;
            }
        }
    }
}
