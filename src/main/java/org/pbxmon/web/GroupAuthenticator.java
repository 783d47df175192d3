package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.config.ApiToken;
import org.pbxmon.config.AuthTable;

/**
 * The auth policy of one endpoint group: accepts any of its configured schemes (Digest, Basic,
 * Bearer, API key) and otherwise asks for all of them in one 401, Digest first. {@code none} lets
 * every request in.
 */
final class GroupAuthenticator extends Authenticator {
    static final String API_KEY_HEADER = "X-API-Key";

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
            String name = match(tokens, authorization.substring(7).trim());
            if (name != null) {
                return ok("token:" + name);
            }
        }
        if (schemes.contains(AuthTable.API_KEY)) {
            String name = match(apiKeys, ex.getRequestHeaders().getFirst(API_KEY_HEADER));
            if (name != null) {
                return ok("key:" + name);
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

    /** The name of the token equal to {@code given}, compared in constant time against every one. */
    private static String match(List<ApiToken> list, String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        String found = null;
        for (ApiToken t : list) {
            if (Hashes.sameSecret(t.value().reveal(), given)) {
                found = t.name();
            }
        }
        return found;
    }
}
