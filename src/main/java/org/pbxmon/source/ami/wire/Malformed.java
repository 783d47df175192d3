package org.pbxmon.source.ami.wire;

/** Why a frame was skipped; the label is the {@code reason} of {@code asterisk_ami_malformed_frames_total}. */
public enum Malformed {
    /** A line that is not "Key: Value". */
    NO_COLON("no_colon"),
    /** A line longer than {@link FrameReader.Limits#maxLineBytes()}; it was never buffered whole. */
    LINE_TOO_LONG("line_too_long"),
    /** More bytes than {@link FrameReader.Limits#maxFrameBytes()} before the blank line that ends a frame. */
    FRAME_TOO_LARGE("frame_too_large"),
    /** More lines than {@link FrameReader.Limits#maxFields()}. */
    TOO_MANY_FIELDS("too_many_fields"),
    /** A NUL byte: Asterisk never sends one. */
    NUL_BYTE("nul_byte"),
    /** A CR not followed by LF. */
    BARE_CR("bare_cr"),
    /** A key that is not printable ASCII (values may be any UTF-8; invalid bytes there are replaced). */
    BAD_KEY("bad_key"),
    /** A frame that is neither an event nor a response (its first line is another key). */
    NOT_A_MESSAGE("not_a_message");

    private final String label;

    Malformed(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
