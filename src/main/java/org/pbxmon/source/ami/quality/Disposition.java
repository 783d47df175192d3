package org.pbxmon.source.ami.quality;

import java.util.Locale;
import java.util.Set;

/**
 * The outcome of one call attempt, the {@code disposition} label of
 * {@code asterisk_call_attempts_total}, from the {@code DialEnd} {@code DialStatus} and the
 * {@code Hangup} {@code Cause} (Q.850 code, -1 when unknown).
 *
 * <p>Mapping ({@link #of}): the final DialStatus decides, the cause only refines the two
 * statuses Asterisk uses for "the channel could not be reached":
 * <ul>
 * <li>{@code ANSWER} → answered</li>
 * <li>{@code BUSY} → busy</li>
 * <li>{@code NOANSWER} → no_answer</li>
 * <li>{@code CANCEL} → cancelled (the caller gave up, or another leg answered first)</li>
 * <li>{@code DONTCALL}, {@code TORTURE} → rejected (the callee refused via privacy screening)</li>
 * <li>{@code INVALIDARGS} → failed (a dialplan error)</li>
 * <li>{@code CONGESTION}, {@code CHANUNAVAIL} → by cause: 17 busy; 18, 19 no_answer; 21 rejected;
 * 34, 38, 41, 42, 44, 47 congestion; otherwise congestion for {@code CONGESTION} and failed for
 * {@code CHANUNAVAIL}</li>
 * <li>no final status (missing, blank, or the intermediate {@code RINGING}/{@code PROCEEDING}/
 * {@code PROGRESS} of {@code DialState}, or an unknown word) → {@link #ofHangup(boolean, int)} with
 * answered = false</li>
 * </ul>
 * {@link #ofHangup} (from the cause alone, for legs that were never dialled, such as an inbound
 * trunk call): answered → answered; otherwise 17 busy; 18, 19 no_answer; 21 rejected; 34, 38, 41,
 * 42, 44, 47 congestion; 16, 26, 31 cancelled (cleared normally before answer); anything else failed.
 */
public enum Disposition {
    ANSWERED, BUSY, NO_ANSWER, CONGESTION, FAILED, CANCELLED, REJECTED;

    private static final Set<Integer> CONGESTION_CAUSES = Set.of(34, 38, 41, 42, 44, 47);

    /** The label value, e.g. {@code no_answer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The disposition for a DialStatus (case-insensitive, may be null) and a cause (-1 when unknown). */
    public static Disposition of(String dialStatus, int cause) {
        String s = dialStatus == null ? "" : dialStatus.trim().toUpperCase(Locale.ROOT);
        switch (s) {
            case "ANSWER":
                return ANSWERED;
            case "BUSY":
                return BUSY;
            case "NOANSWER":
                return NO_ANSWER;
            case "CANCEL":
                return CANCELLED;
            case "DONTCALL":
            case "TORTURE":
                return REJECTED;
            case "INVALIDARGS":
                return FAILED;
            case "CONGESTION":
            case "CHANUNAVAIL": {
                Disposition byCause = refusal(cause);
                return byCause != null ? byCause : s.equals("CONGESTION") ? CONGESTION : FAILED;
            }
            default:
                return ofHangup(false, cause);
        }
    }

    /** The disposition from the hangup alone: whether the leg was answered, and its cause (-1 when unknown). */
    public static Disposition ofHangup(boolean answered, int cause) {
        if (answered) {
            return ANSWERED;
        }
        Disposition byCause = refusal(cause);
        if (byCause != null) {
            return byCause;
        }
        return cause == 16 || cause == 26 || cause == 31 ? CANCELLED : FAILED;
    }

    private static Disposition refusal(int cause) {
        if (cause == 17) {
            return BUSY;
        }
        if (cause == 18 || cause == 19) {
            return NO_ANSWER;
        }
        if (cause == 21) {
            return REJECTED;
        }
        return CONGESTION_CAUSES.contains(cause) ? CONGESTION : null;
    }
}
