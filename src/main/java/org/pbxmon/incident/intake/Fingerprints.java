package org.pbxmon.incident.intake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The fingerprint Alertmanager gives an alert when a payload has none: Prometheus'
 * {@code model.LabelSet.Fingerprint()}, i.e. 64-bit FNV-1a over the label names in byte order, each
 * name and value followed by the separator byte {@code 0xff}, written as 16 lower-case hex digits.
 * So a derived fingerprint equals the one Alertmanager itself would have sent for the same labels.
 */
final class Fingerprints {
    private static final long OFFSET64 = 0xcbf29ce484222325L;
    private static final long PRIME64 = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprints() {
    }

    static String of(Map<String, String> labels) {
        byte[][] names = new byte[labels.size()][];
        int i = 0;
        for (String name : labels.keySet()) {
            names[i++] = name.getBytes(StandardCharsets.UTF_8);
        }
        Arrays.sort(names, Arrays::compareUnsigned); // Go's sort.Strings: byte order
        long h = OFFSET64;
        for (byte[] name : names) {
            h = add(h, name);
            h = addByte(h, SEPARATOR);
            h = add(h, labels.get(new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            h = addByte(h, SEPARATOR);
        }
        return String.format("%016x", h);
    }

    private static long add(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = addByte(h, b & 0xff);
        }
        return h;
    }

    private static long addByte(long h, int b) {
        return (h ^ b) * PRIME64;
    }
}
