package org.pbxmon.source.ami.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One AMI message: the "Key: Value" lines of one frame, in order, kept as byte ranges of a private
 * copy of the frame. Values are decoded (UTF-8, invalid bytes replaced) only when asked for, and keys
 * are matched case-insensitively, because Asterisk spells the same header differently across events
 * ({@code Uniqueid}, {@code UniqueID}). A key may repeat (ChanVariable, Output); {@link #get} returns
 * the first. Immutable and thread-safe.
 */
public final class AmiMessage {
    private final byte[] buf;
    /** Per field: key start, key end, value start, value end (offsets into buf). */
    private final int[] f;
    private final int n;

    AmiMessage(byte[] buf, int[] fields, int count) {
        this.buf = buf;
        this.f = fields;
        this.n = count;
    }

    /**
     * A copy that owns its bytes. A message handed to a {@link FrameReader.Sink} is a view of the
     * reader's buffer, valid only during the call; keep {@code copy()} of it instead.
     */
    public AmiMessage copy() {
        int end = n == 0 ? 0 : f[4 * n - 1];
        return new AmiMessage(java.util.Arrays.copyOf(buf, end), java.util.Arrays.copyOf(f, 4 * n), n);
    }

    /** Parses one frame's text (lines separated by CRLF or LF); for tests and fixtures. */
    public static AmiMessage of(String text) {
        List<AmiMessage> out = new ArrayList<>();
        FrameReader r = new FrameReader(FrameReader.Limits.DEFAULT, false, new FrameReader.Sink() {
            @Override
            public void message(AmiMessage m) {
                out.add(m.copy());
            }

            @Override
            public void malformed(Malformed reason) {
                throw new IllegalArgumentException("malformed frame: " + reason.label());
            }
        });
        byte[] b = (text.endsWith("\n\n") || text.endsWith("\r\n\r\n") ? text : text + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        r.feed(b, 0, b.length);
        if (out.size() != 1) {
            throw new IllegalArgumentException("expected one frame, got " + out.size());
        }
        return out.get(0);
    }

    public int size() {
        return n;
    }

    public String key(int i) {
        return ascii(f[4 * i], f[4 * i + 1]);
    }

    public String value(int i) {
        return utf8(f[4 * i + 2], f[4 * i + 3]);
    }

    /** The length in bytes of field {@code i}'s key: a cheap first test before {@link #keyIs}. */
    public int keyLength(int i) {
        return f[4 * i + 1] - f[4 * i];
    }

    /** Whether field {@code i}'s key is {@code key} (case-insensitive), without allocating. */
    public boolean keyIs(int i, String key) {
        return equalsIgnoreCase(f[4 * i], f[4 * i + 1], key);
    }

    /** The length in bytes of field {@code i}'s raw value. */
    public int valueLength(int i) {
        return f[4 * i + 3] - f[4 * i + 2];
    }

    /** Byte {@code j} of field {@code i}'s raw value (0 <= j < valueLength(i)), for parsing numbers in place. */
    public byte valueByte(int i, int j) {
        return buf[f[4 * i + 2] + j];
    }

    /** The first value of {@code key} (case-insensitive), or null when absent. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    /** Whether {@code key} is present with exactly {@code value} (value compared case-insensitively). */
    public boolean is(String key, String value) {
        int i = indexOf(key);
        return i >= 0 && equalsIgnoreCase(f[4 * i + 2], f[4 * i + 3], value);
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** The event name when the first line is {@code Event:}, else null. */
    public String event() {
        return n > 0 && equalsIgnoreCase(f[0], f[1], "Event") ? value(0) : null;
    }

    /** Whether this is the event {@code name} (first line {@code Event: name}), without allocating. */
    public boolean isEvent(String name) {
        return n > 0 && equalsIgnoreCase(f[0], f[1], "Event") && equalsIgnoreCase(f[2], f[3], name);
    }

    public boolean isEvent() {
        return n > 0 && equalsIgnoreCase(f[0], f[1], "Event");
    }

    /** The value of {@code Response:} when the message is a response, else null. */
    public String response() {
        return n > 0 && equalsIgnoreCase(f[0], f[1], "Response") ? value(0) : null;
    }

    public String actionId() {
        return get("ActionID");
    }

    private int indexOf(String key) {
        for (int i = 0; i < n; i++) {
            if (equalsIgnoreCase(f[4 * i], f[4 * i + 1], key)) {
                return i;
            }
        }
        return -1;
    }

    private boolean equalsIgnoreCase(int from, int to, String s) {
        int len = s.length();
        if (to - from != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int a = buf[from + i] & 0xff;
            int b = s.charAt(i);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a += 32;
                }
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private String utf8(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] < 0) {
                return new String(buf, from, to - from, StandardCharsets.UTF_8);
            }
        }
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The frame as text, one "Key: Value" a line; callers must never log it (it may hold secrets). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String k = key(i);
            sb.append(k).append(": ")
                    .append(k.equalsIgnoreCase("Password") || k.equalsIgnoreCase("Secret") ? "***" : value(i))
                    .append('\n');
        }
        return sb.toString();
    }
}
