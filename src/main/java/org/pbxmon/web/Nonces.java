package org.pbxmon.web;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-validating Digest nonces and {@code nc} replay protection. A nonce is
 * {@code base64url(issued-ms | 8 random bytes | HMAC-SHA256(key, issued | random)[0..16])}: the
 * server keeps no state to validate one, only its per-process key. Used {@code nc} values are kept
 * per nonce (bounded), so a replayed {@code nc} is refused. Thread-safe.
 */
final class Nonces {
    /** Verdict on a nonce. */
    enum Check { VALID, STALE, INVALID }

    static final long DEFAULT_TTL_MS = 5 * 60_000;
    /** nc values above this force a fresh nonce (stale), which bounds the memory per nonce. */
    static final int MAX_NC = 4096;
    static final int MAX_TRACKED = 10_000;

    private final byte[] key = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final long ttlMs;
    private final int maxTracked;
    private final LongSupplier clock;
    /** nonce to its used nc values, in insertion order (oldest first). */
    private final LinkedHashMap<String, BitSet> used = new LinkedHashMap<>();
    /** Nonces issued at or before this instant and no longer tracked count as stale. */
    private long forgottenUpTo = Long.MIN_VALUE;
    private long lastIssued = Long.MIN_VALUE;

    Nonces(long ttlMs, int maxTracked, LongSupplier clock) {
        this.ttlMs = ttlMs;
        this.maxTracked = maxTracked;
        this.clock = clock;
        random.nextBytes(key);
    }

    Nonces() {
        this(DEFAULT_TTL_MS, MAX_TRACKED, System::currentTimeMillis);
    }

    /** Issue times are unique and increasing, so forgetting the oldest nonces never hits a newer one. */
    String issue() {
        long at;
        synchronized (this) {
            at = Math.max(clock.getAsLong(), lastIssued + 1);
            lastIssued = at;
        }
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(at);
        byte[] r = new byte[8];
        random.nextBytes(r);
        b.put(r);
        b.put(mac(Arrays.copyOf(b.array(), 16)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Whether the nonce is ours and not tampered with (constant-time MAC check), and still fresh. */
    Check check(String nonce) {
        Long issued = issued(nonce);
        if (issued == null) {
            return Check.INVALID;
        }
        long age = clock.getAsLong() - issued;
        if (age < -60_000) {
            return Check.INVALID;
        }
        if (age > ttlMs) {
            return Check.STALE;
        }
        synchronized (used) {
            if (issued <= forgottenUpTo && !used.containsKey(nonce)) {
                return Check.STALE;
            }
        }
        return Check.VALID;
    }

    /**
     * Records {@code nc} as used with a valid nonce; false if it was used before (a replay). Returns
     * null when the nonce must be renewed (nc too large, or the nonce was forgotten): answer stale.
     */
    Boolean use(String nonce, long nc) {
        if (nc < 1 || nc > MAX_NC) {
            return null;
        }
        Long issued = issued(nonce);
        synchronized (used) {
            BitSet seen = used.get(nonce);
            if (seen == null) {
                if (issued == null || issued <= forgottenUpTo) {
                    return null;
                }
                prune();
                seen = new BitSet();
                used.put(nonce, seen);
            }
            if (seen.get((int) nc)) {
                return false;
            }
            seen.set((int) nc);
            return true;
        }
    }

    int tracked() {
        synchronized (used) {
            return used.size();
        }
    }

    /** Drops expired nonces, then the oldest ones beyond the cap (remembering they are forgotten). */
    private void prune() {
        long now = clock.getAsLong();
        Iterator<Map.Entry<String, BitSet>> it = used.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, BitSet> e = it.next();
            Long issued = issued(e.getKey());
            boolean expired = issued == null || now - issued > ttlMs;
            if (!expired && used.size() < maxTracked) {
                break;
            }
            if (issued != null) {
                forgottenUpTo = Math.max(forgottenUpTo, issued);
            }
            it.remove();
        }
    }

    /** The issue time of a nonce with a valid MAC, else null. */
    private Long issued(String nonce) {
        if (nonce == null || nonce.length() != 43) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != 32) {
            return null;
        }
        byte[] expected = mac(Arrays.copyOf(raw, 16));
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 16, 32))) {
            return null;
        }
        return ByteBuffer.wrap(raw).getLong();
    }

    private byte[] mac(byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(m.doFinal(data), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
