package org.pbxmon.incident;

/**
 * The outbox of one callback.
 *
 * @param pending     rows not yet delivered nor dead
 * @param oldestMs    createdMs of the oldest pending row, or null when none is pending
 * @param deadLetters rows given up on (expired, or refused by the receiver)
 */
public record OutboxStats(long pending, Long oldestMs, long deadLetters) {
    public static final OutboxStats EMPTY = new OutboxStats(0, null, 0);
}
