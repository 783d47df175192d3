package org.pbxmon.source.ami.calls;

/**
 * Per-minute sums over a sliding window: a ring of one-minute slots, each with a few fields. The
 * current minute counts as a whole slot, so "the last 5 minutes" is the current minute and the four
 * before it. Not thread-safe.
 */
final class Slots {
    private static final long MINUTE_MS = 60_000;
    private final int size;
    private final int fields;
    private final long[] minute;
    private final double[] values;

    Slots(int minutes, int fields) {
        this.size = Math.max(1, minutes);
        this.fields = fields;
        this.minute = new long[size];
        java.util.Arrays.fill(minute, Long.MIN_VALUE);
        this.values = new double[size * fields];
    }

    void add(long nowMs, int field, double v) {
        long m = Math.floorDiv(nowMs, MINUTE_MS);
        int i = (int) Math.floorMod(m, (long) size);
        if (minute[i] != m) {
            minute[i] = m;
            java.util.Arrays.fill(values, i * fields, i * fields + fields, 0);
        }
        values[i * fields + field] += v;
    }

    /** The sum of {@code field} over the last {@code minutes} minutes (at most the ring's size). */
    double sum(long nowMs, int minutes, int field) {
        long m = Math.floorDiv(nowMs, MINUTE_MS);
        double s = 0;
        for (int i = 0; i < size; i++) {
            long age = m - minute[i];
            if (minute[i] != Long.MIN_VALUE && age >= 0 && age < Math.min(minutes, size)) {
                s += values[i * fields + field];
            }
        }
        return s;
    }
}
