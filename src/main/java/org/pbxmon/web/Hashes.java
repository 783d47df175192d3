package org.pbxmon.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests and constant-time comparison for the auth schemes. Pure. */
final class Hashes {
    private Hashes() {
    }

    /** Lower-case hex of the JCA digest {@code algorithm} ("MD5", "SHA-256") of the UTF-8 text. */
    static String hex(String algorithm, String text) {
        return HexFormat.of().formatHex(digest(algorithm, text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    /** Constant-time equality of two strings (time depends only on {@code expected}'s length). */
    static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time equality of secrets of any length: compares their SHA-256 digests. */
    static boolean sameSecret(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(digest("SHA-256", expected.getBytes(StandardCharsets.UTF_8)),
                digest("SHA-256", given.getBytes(StandardCharsets.UTF_8)));
    }
}
