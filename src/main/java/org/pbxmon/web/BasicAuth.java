package org.pbxmon.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.pbxmon.config.UserCredential;

/**
 * HTTP Basic credentials check with constant-time compares. A user given only as Digest HA1 values
 * is checked by hashing the offered password with the realm. Pure.
 */
final class BasicAuth {
    private final List<UserCredential> users;
    private final String realm;

    BasicAuth(List<UserCredential> users, String realm) {
        this.users = List.copyOf(users);
        this.realm = realm;
    }

    BasicAuth(List<UserCredential> users) {
        this(users, "pbxmon");
    }

    /** True when the Authorization header carries a configured user and password. */
    boolean accepts(String authorization) {
        return user(authorization) != null;
    }

    /** The user name when the Authorization header carries a configured user and password, else null. */
    String user(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String pass = decoded.substring(colon + 1);
        String found = null;
        for (UserCredential u : users) {
            boolean userOk = Hashes.same(u.username(), user);
            boolean passOk = passwordMatches(u, user, pass);
            if (userOk & passOk) {
                found = u.username();
            }
        }
        return found;
    }

    private boolean passwordMatches(UserCredential u, String user, String pass) {
        if (u.password() != null) {
            return Hashes.sameSecret(u.password().reveal(), pass);
        }
        String a1 = user + ":" + realm + ":" + pass;
        if (u.ha1Sha256() != null) {
            return Hashes.same(u.ha1Sha256().reveal(), Hashes.hex("SHA-256", a1));
        }
        return Hashes.same(u.ha1Md5().reveal(), Hashes.hex("MD5", a1));
    }
}
