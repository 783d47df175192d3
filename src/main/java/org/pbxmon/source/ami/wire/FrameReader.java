package org.pbxmon.source.ami.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an AMI byte stream into messages. Pure: bytes in, {@link AmiMessage}s and {@link Malformed}
 * reasons out, no I/O, no regex, no reflection, one pass over each byte.
 *
 * <p>The wire format: lines end in CRLF (a bare LF is accepted too), a message is "Key: Value" lines
 * ended by an empty line, and the very first line of a session is the banner
 * ({@code Asterisk Call Manager/11.0.0}), which has no colon and no empty line after it.
 *
 * <p>No input can make it throw or grow without bound: a frame is at most
 * {@link Limits#maxFrameBytes()} and a line at most {@link Limits#maxLineBytes()}. A frame that breaks
 * a rule is reported once through {@link Sink#malformed} the moment the rule breaks, its bytes are
 * discarded as they arrive, and reading starts again after the next empty line, so the frames around
 * it are unharmed. Not thread-safe: one reader thread feeds it.
 */
public final class FrameReader {

    /** Bounds on what one frame may hold. */
    public record Limits(int maxLineBytes, int maxFrameBytes, int maxFields) {
        /** Real Asterisk 22 frames are under 8 KB (PJSIPShowEndpoint details); these leave room. */
        public static final Limits DEFAULT = new Limits(64 * 1024, 256 * 1024, 1024);
    }

    /** Receives what the reader finds. Called on the feeding thread. */
    public interface Sink {
        /** A message. It is a view of the reader's buffer, valid during this call: keep {@code m.copy()}. */
        void message(AmiMessage m);

        void malformed(Malformed reason);

        /** The session banner, e.g. "Asterisk Call Manager/11.0.0". */
        default void banner(String banner) {
        }
    }

    private final Limits limits;
    private final Sink sink;
    private boolean expectBanner;
    private byte[] frame = new byte[8 * 1024];
    private int[] fields = new int[4 * 32];
    private int count;
    private int len;
    private int lineStart;
    private int colon = -1;
    private boolean cr;
    /** Discarding the rest of a bad frame, up to the next empty line. */
    private boolean skipping;
    private boolean lineEmpty = true;

    public FrameReader(Limits limits, boolean expectBanner, Sink sink) {
        this.limits = limits;
        this.expectBanner = expectBanner;
        this.sink = sink;
    }

    /** Feeds the next bytes of the stream, in any chunking. */
    public void feed(byte[] data, int off, int n) {
        int end = off + n;
        for (int i = off; i < end; i++) {
            byte b = data[i];
            if (cr) {
                cr = false;
                if (b != '\n') {
                    bad(Malformed.BARE_CR);
                }
            }
            if (b == '\n') {
                endOfLine();
            } else if (b == '\r') {
                cr = true;
            } else if (skipping) {
                lineEmpty = false;
            } else if (b == 0) {
                lineEmpty = false;
                bad(Malformed.NUL_BYTE);
            } else {
                lineEmpty = false;
                if (len - lineStart >= limits.maxLineBytes()) {
                    bad(Malformed.LINE_TOO_LONG);
                } else if (len >= limits.maxFrameBytes()) {
                    bad(Malformed.FRAME_TOO_LARGE);
                } else {
                    if (len == frame.length) {
                        frame = Arrays.copyOf(frame, Math.min(frame.length * 2, limits.maxFrameBytes()));
                    }
                    if (b == ':' && colon < 0) {
                        colon = len;
                    }
                    frame[len++] = b;
                }
            }
        }
    }

    /** Marks the current frame bad: reported now, the rest discarded up to the next empty line. */
    private void bad(Malformed reason) {
        if (!skipping) {
            skipping = true;
            sink.malformed(reason);
        }
        len = 0;
        lineStart = 0;
        count = 0;
        colon = -1;
    }

    private void endOfLine() {
        boolean empty = lineEmpty;
        lineEmpty = true;
        if (skipping) {
            if (empty) {
                skipping = false;
                reset();
            }
            return;
        }
        if (expectBanner) {
            expectBanner = false;
            if (count == 0 && colon < 0 && len > 0) {
                sink.banner(new String(frame, 0, len, StandardCharsets.UTF_8));
                reset();
                return;
            }
        }
        if (empty) {
            if (count > 0) {
                emit();
            }
            reset();
            return;
        }
        if (colon < 0) {
            bad(Malformed.NO_COLON);
            return;
        }
        int ks = lineStart;
        int ke = colon;
        while (ke > ks && frame[ke - 1] == ' ') {
            ke--;
        }
        if (ke == ks || !token(ks, ke)) {
            bad(Malformed.BAD_KEY);
            return;
        }
        if (count == 0 && !firstKeyOk(ks, ke)) {
            bad(Malformed.NOT_A_MESSAGE);
            return;
        }
        if (count == limits.maxFields()) {
            bad(Malformed.TOO_MANY_FIELDS);
            return;
        }
        int vs = colon + 1;
        int ve = len;
        while (vs < ve && (frame[vs] == ' ' || frame[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (frame[ve - 1] == ' ' || frame[ve - 1] == '\t')) {
            ve--;
        }
        if (4 * count + 4 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int j = 4 * count++;
        fields[j] = ks;
        fields[j + 1] = ke;
        fields[j + 2] = vs;
        fields[j + 3] = ve;
        lineStart = len;
        colon = -1;
    }

    private boolean token(int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = frame[i];
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A message starts with Event: or Response:. */
    private boolean firstKeyOk(int ks, int ke) {
        return eq(ks, ke, "event") || eq(ks, ke, "response");
    }

    private boolean eq(int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if ((frame[from + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void emit() {
        sink.message(new AmiMessage(frame, fields, count));
    }

    private void reset() {
        len = 0;
        lineStart = 0;
        count = 0;
        colon = -1;
    }
}
