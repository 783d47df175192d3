package org.pbxmon.config;

import java.util.Objects;

/**
 * A named bearer token ({@code http.tokens}) or API key ({@code http.api_keys}). The name is what
 * logs and errors may show; the value is a {@link Secret}, masked in {@link #toString()}.
 */
public record ApiToken(String name, Secret value) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
