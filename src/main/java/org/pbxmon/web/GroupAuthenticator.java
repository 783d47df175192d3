package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.config.ApiToken;
import org.pbxmon.config.AuthTable;

/**
 * The auth policy of one endpoint group: accepts any of its configured schemes (Digest, Basic,
 * Bearer, API key) and otherwise asks for all of them in one 401, Digest first. {@code none} lets
 * every request in. An API key comes in the {@code X-API-Key} header or the {@code api_key} query
 * parameter; an inactive one authenticates as {@code key-inactive:<name>}.
 */
final class GroupAuthenticator extends Authenticator {
    static final String API_KEY_HEADER = "X-API-Key";
    /** The query parameter that may carry the key instead of the header (Kaleyra style). */
    static final String API_KEY_PARAM = "api_key";
    /** Principal name prefix of an active API key: {@code key:<name>}. */
    static final String KEY_PREFIX = "key:";
    /**
     * Principal name prefix of an inactive API key: {@code key-inactive:<name>}. Such a key
     * authenticates (so it gets E542 rather than 401), so every handler in a group that allows
     * {@code api_key} must refuse this principal itself.
     */
    static final String INACTIVE_KEY_PREFIX = "key-inactive:";

    private final String group;
    private final List<String> schemes;
    private final String realm;
    private final BasicAuth basic;
    private final DigestAuthenticator digest;
    private final List<ApiToken> tokens;
    private final List<ApiToken> apiKeys;

    GroupAuthenticator(String group, List<String> schemes, String realm, BasicAuth basic, DigestAuthenticator digest,
            List<ApiToken> tokens, List<ApiToken> apiKeys) {
        this.group = group;
        this.schemes = List.copyOf(schemes);
        this.realm = realm;
        this.basic = basic;
        this.digest = digest;
        this.tokens = List.copyOf(tokens);
        this.apiKeys = List.copyOf(apiKeys);
    }

    boolean open() {
        return schemes.contains(AuthTable.NONE);
    }

    @Override
    public Result authenticate(HttpExchange ex) {
        if (open()) {
            return new Success(new HttpPrincipal("anonymous", group));
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        boolean stale = false;
        if (schemes.contains(AuthTable.DIGEST) && authorization != null
                && authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            DigestAuthenticator.Verdict v = digest.verify(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    authorization);
            if (v.ok()) {
                return ok(v.user());
            }
            stale = v.stale();
        }
        if (schemes.contains(AuthTable.BASIC)) {
            String user = basic.user(authorization);
            if (user != null) {
                return ok(user);
            }
        }
        if (schemes.contains(AuthTable.BEARER) && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ApiToken t = match(tokens, authorization.substring(7).trim());
            if (t != null) {
                return ok("token:" + t.name());
            }
        }
        if (schemes.contains(AuthTable.API_KEY)) {
            ApiToken k = match(apiKeys, ex.getRequestHeaders().getFirst(API_KEY_HEADER));
            if (k == null) {
                k = match(apiKeys, queryParam(ex.getRequestURI().getRawQuery(), API_KEY_PARAM));
            }
            if (k != null) {
                return ok((k.active() ? KEY_PREFIX : INACTIVE_KEY_PREFIX) + k.name());
            }
        }
        challenges(stale).forEach(c -> ex.getResponseHeaders().add("WWW-Authenticate", c));
        return new Retry(401);
    }

    /** Every challenge of the group, Digest (SHA-256, MD5) first. */
    List<String> challenges(boolean stale) {
        List<String> out = new ArrayList<>();
        if (schemes.contains(AuthTable.DIGEST)) {
            out.addAll(digest.challenges(stale));
        }
        if (schemes.contains(AuthTable.BASIC)) {
            out.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        }
        if (schemes.contains(AuthTable.BEARER)) {
            out.add("Bearer realm=\"" + realm + "\"");
        }
        if (schemes.contains(AuthTable.API_KEY)) {
            out.add("ApiKey realm=\"" + realm + "\", header=\"" + API_KEY_HEADER + "\"");
        }
        return out;
    }

    private Success ok(String user) {
        return new Success(new HttpPrincipal(user, group));
    }

    /** The token equal to {@code given}, its digest compared in constant time against every one. */
    private static ApiToken match(List<ApiToken> list, String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        String digest = Hashes.hex("SHA-256", given);
        ApiToken found = null;
        for (ApiToken t : list) {
            if (t.matchesDigest(digest)) {
                found = t;
            }
        }
        return found;
    }

    /**
     * The decoded value of the first {@code name} parameter of a raw query, or null when absent or not
     * decodable (a malformed escape is no key, and never an exception whose message could quote it).
     */
    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
