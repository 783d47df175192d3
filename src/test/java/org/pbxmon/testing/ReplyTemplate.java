package org.pbxmon.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reply bytes with every {@code ActionID: x} line cut out, so that they can be served with the ActionID
 * of the request: each cut is filled with {@code ActionID: <id>\r\n}, or with nothing when the request
 * carried no ActionID (as Asterisk does). Everything else is served byte for byte.
 */
final class ReplyTemplate {
    private static final byte[] ACTION_ID = "ActionID:".getBytes(StandardCharsets.ISO_8859_1);

    /** The bytes between the ActionID lines; one more than the number of ActionID lines. */
    private final List<byte[]> segments;
    private final int fixedLength;

    private ReplyTemplate(List<byte[]> segments) {
        this.segments = List.copyOf(segments);
        int n = 0;
        for (byte[] s : segments) {
            n += s.length;
        }
        this.fixedLength = n;
    }

    static ReplyTemplate of(byte[] raw) {
        List<byte[]> segments = new ArrayList<>();
        int segStart = 0;
        int lineStart = 0;
        while (lineStart < raw.length) {
            int nl = indexOf(raw, (byte) '\n', lineStart);
            int lineEnd = nl < 0 ? raw.length : nl + 1;
            if (startsWith(raw, lineStart, ACTION_ID)) {
                segments.add(Arrays.copyOfRange(raw, segStart, lineStart));
                segStart = lineEnd;
            }
            lineStart = lineEnd;
        }
        segments.add(Arrays.copyOfRange(raw, segStart, raw.length));
        return new ReplyTemplate(segments);
    }

    static ReplyTemplate of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The reply with {@code actionId} (raw bytes as the client sent them, ISO-8859-1), or without ActionID lines. */
    byte[] render(String actionId) {
        byte[] line = actionId == null ? new byte[0]
                : ("ActionID: " + actionId + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[fixedLength + line.length * (segments.size() - 1)];
        int pos = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                System.arraycopy(line, 0, out, pos, line.length);
                pos += line.length;
            }
            byte[] s = segments.get(i);
            System.arraycopy(s, 0, out, pos, s.length);
            pos += s.length;
        }
        return out;
    }

    /** Number of ActionID lines that are rewritten. */
    int actionIdLines() {
        return segments.size() - 1;
    }

    private static boolean startsWith(byte[] a, int from, byte[] prefix) {
        if (from + prefix.length > a.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
