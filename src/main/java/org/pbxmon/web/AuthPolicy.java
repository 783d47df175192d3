package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import java.util.HashMap;
import java.util.Map;
import org.pbxmon.config.HttpConfig;

/**
 * One immutable auth policy per HTTP config: an authenticator per endpoint group of {@code http.auth}.
 * A config reload builds a new policy and swaps it in; the nonce key survives, so clients keep their
 * Digest sessions.
 */
final class AuthPolicy {
    private final Map<String, GroupAuthenticator> groups = new HashMap<>();

    AuthPolicy(HttpConfig http, Nonces nonces) {
        BasicAuth basic = new BasicAuth(http.users(), http.realm());
        DigestAuthenticator digest = new DigestAuthenticator(http.realm(), http.users(), nonces);
        http.auth().forEach((group, schemes) -> groups.put(group, new GroupAuthenticator(group, schemes,
                http.realm(), basic, digest, http.tokens(), http.apiKeys())));
    }

    /** The group's authenticator; a group missing from the config is refused (closed, never open). */
    Authenticator.Result authenticate(String group, HttpExchange ex) {
        GroupAuthenticator g = groups.get(group);
        if (g == null) {
            return new Authenticator.Failure(403);
        }
        return g.authenticate(ex);
    }

    GroupAuthenticator group(String name) {
        return groups.get(name);
    }
}
