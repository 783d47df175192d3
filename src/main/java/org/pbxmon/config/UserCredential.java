package org.pbxmon.config;

import java.util.Objects;

/**
 * A user allowed on protected HTTP endpoint groups (Basic and Digest). Either a plain password, or
 * precomputed Digest HA1 values ({@code H(username:realm:password)}, lower-case hex) for MD5 and/or
 * SHA-256, so the password itself need not be stored. Every secret is masked in {@link #toString()}.
 *
 * @param password  the plain password, or null when only HA1 values are given
 * @param ha1Md5    MD5 HA1 (32 hex digits), or null
 * @param ha1Sha256 SHA-256 HA1 (64 hex digits), or null
 */
public record UserCredential(String username, Secret password, Secret ha1Md5, Secret ha1Sha256) {
    public UserCredential {
        Objects.requireNonNull(username, "username");
        if (password == null && ha1Md5 == null && ha1Sha256 == null) {
            throw new IllegalArgumentException("user " + username + ": a password or an HA1 is required");
        }
    }

    /** A user with a plain password. */
    public UserCredential(String username, Secret password) {
        this(username, Objects.requireNonNull(password, "password"), null, null);
    }
}
