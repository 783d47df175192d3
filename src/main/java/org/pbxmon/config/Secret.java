package org.pbxmon.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (password, AMI secret). The value is only available through {@link #reveal()};
 * {@link #toString()} always masks it, so records holding a {@code Secret} never leak it when logged.
 */
public final class Secret {
    private static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret value");
    }

    /** Wraps {@code v} (must not be null). */
    public static Secret of(String v) {
        return new Secret(v);
    }

    /** The plain secret: pass it straight to the code that needs it, never to a log or a message. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                        other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
