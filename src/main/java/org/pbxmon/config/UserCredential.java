package org.pbxmon.config;

import java.util.Objects;

/** A user allowed on protected HTTP endpoint groups; the password is masked in {@link #toString()}. */
public record UserCredential(String username, Secret password) {
    public UserCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
