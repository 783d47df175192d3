package org.pbxmon.incident.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as Standard Webhooks 1.0 specifies: {@code webhook-signature: v1,<base64>} where the
 * base64 is the HMAC-SHA256 of {@code id.timestamp.body} (body: the exact request bytes, empty for a
 * GET). The key is the base64-decoded part of a {@code whsec_} secret, or else the secret's UTF-8 bytes.
 * Thread-safe; the key never appears in {@link #toString()}.
 */
final class Signer {
    static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private Signer(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * @throws IllegalArgumentException when the secret is empty, or a {@code whsec_} secret is not base64
     *                                  (the message never holds the secret)
     */
    static Signer of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the signing secret is empty");
        }
        byte[] bytes;
        if (secret.startsWith(PREFIX)) {
            try {
                bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a whsec_ signing secret must be base64 after the prefix");
            }
            if (bytes.length == 0) {
                throw new IllegalArgumentException("the signing secret is empty after whsec_");
            }
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        return new Signer(bytes);
    }

    /** The {@code webhook-signature} header value. */
    String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
        }
    }

    @Override
    public String toString() {
        return "Signer[******]";
    }
}
