package org.pbxmon.sim;

/**
 * How an unanswered call ends ({@code DialEnd DialStatus}), with the Q.850 cause its channels hang up
 * with by default ({@code Hangup Cause} / {@code Cause-txt}). Used by
 * {@link SimWorld#endUnanswered(SimCall, DialStatus)}.
 */
public enum DialStatus {
    /** 17 User busy. */
    BUSY(17),
    /** 19 User alerting, no answer (the Dial timeout expired). */
    NOANSWER(19),
    /** 16 Normal Clearing: the caller hung up while it rang. */
    CANCEL(16),
    /** 34 Circuit/channel congestion. */
    CONGESTION(34),
    /** 20 Subscriber absent (3 No route to destination is the other usual one). */
    CHANUNAVAIL(20);

    private final int cause;

    DialStatus(int cause) {
        this.cause = cause;
    }

    /** The default hangup cause for this outcome. */
    public int cause() {
        return cause;
    }

    /** Cause-txt of {@link #cause()} as Asterisk prints it, e.g. "User busy". */
    public String causeText() {
        return Ami.causeText(cause);
    }
}
