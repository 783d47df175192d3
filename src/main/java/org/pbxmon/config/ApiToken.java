package org.pbxmon.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A named bearer token ({@code http.tokens}) or API key ({@code http.api_keys}). The name is what
 * logs and errors may show; neither the value nor its digest ever appears in {@link #toString()}.
 *
 * <p>A bearer token keeps its {@code value}. An API key loaded from the config keeps only
 * {@code sha256}, the lower-case hex SHA-256 of the UTF-8 key ({@code value} is null): the plain key
 * is hashed at load time, or never known when the config gives {@code key_sha256}. Both are matched
 * by the digest of what a client sends, in constant time.
 *
 * @param value  the plain token, or null when only its digest is kept
 * @param sha256 64 lower-case hex digits; computed from {@code value} when null
 * @param active false: the key authenticates, but the principal is marked inactive (the incident API
 *               answers E542). Always true for bearer tokens.
 */
public record ApiToken(String name, Secret value, String sha256, boolean active) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        if (value == null && sha256 == null) {
            throw new IllegalArgumentException("an API token needs a value or a SHA-256 digest");
        }
        sha256 = sha256 == null ? sha256Hex(value.reveal()) : sha256.toLowerCase(Locale.ROOT);
        if (!isSha256Hex(sha256)) {
            throw new IllegalArgumentException("the digest of " + name + " is not 64 hex digits");
        }
    }

    /** An active token that keeps its value (bearer tokens, and keys built by tests). */
    public ApiToken(String name, Secret value) {
        this(name, Objects.requireNonNull(value, "value"), null, true);
    }

    /** An API key known only by its digest (64 hex digits, any case). */
    public static ApiToken hashed(String name, String sha256, boolean active) {
        return new ApiToken(name, null, sha256, active);
    }

    /** An API key given in plain: hashed here, the plain key is not kept. */
    public static ApiToken key(String name, String plain, boolean active) {
        return hashed(name, sha256Hex(plain), active);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** True for exactly 64 hex digits (any case). */
    public static boolean isSha256Hex(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** True when {@code given} is this token, compared in constant time on the digests. */
    public boolean matches(String given) {
        return given != null && !given.isEmpty() && matchesDigest(sha256Hex(given));
    }

    /** True when {@code givenSha256} (lower-case hex) is this token's digest, compared in constant time. */
    public boolean matchesDigest(String givenSha256) {
        return givenSha256 != null && MessageDigest.isEqual(sha256.getBytes(StandardCharsets.US_ASCII),
                givenSha256.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", " + (value == null ? "sha256=******" : "value=******")
                + (active ? "" : ", inactive") + "]";
    }
}
