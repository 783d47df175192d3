package org.pbxmon.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.pbxmon.config.UserCredential;

/** HTTP Basic credentials check with constant-time compares. Pure. */
final class BasicAuth {
    private final List<UserCredential> users;

    BasicAuth(List<UserCredential> users) {
        this.users = List.copyOf(users);
    }

    /** True when the Authorization header carries a configured user and password. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] user = decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        byte[] pass = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (UserCredential u : users) {
            boolean userOk = MessageDigest.isEqual(user, u.username().getBytes(StandardCharsets.UTF_8));
            boolean passOk = MessageDigest.isEqual(pass, u.password().reveal().getBytes(StandardCharsets.UTF_8));
            ok |= userOk & passOk;
        }
        return ok;
    }
}
