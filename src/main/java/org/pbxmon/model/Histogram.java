package org.pbxmon.model;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable classic histogram: bucket upper bounds (+Inf implied), per-bucket counts (not
 * cumulative; one more than the bounds, the last is +Inf), the sum, and at most one exemplar per
 * bucket (the latest observation that fell in it).
 */
public record Histogram(double[] bounds, long[] counts, double sum, List<Exemplar> exemplars) {

    /** One observation kept as an OpenMetrics exemplar: the call's Linkedid and when it was observed. */
    public record Exemplar(int bucket, double value, String linkedid, long epochMs) {
    }

    public Histogram {
        bounds = bounds.clone();
        counts = counts.clone();
        exemplars = List.copyOf(exemplars);
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException("counts must have one more entry than bounds");
        }
    }

    @Override
    public double[] bounds() {
        return bounds.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Observations at or below {@code bounds[i]} (cumulative, as Prometheus {@code le}). */
    public long cumulative(int i) {
        long n = 0;
        for (int k = 0; k <= i && k < counts.length; k++) {
            n += counts[k];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(bounds, h.bounds) && Arrays.equals(counts, h.counts)
                && Double.compare(sum, h.sum) == 0 && exemplars.equals(h.exemplars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Double.hashCode(sum);
    }

    @Override
    public String toString() {
        return "Histogram" + Arrays.toString(counts) + " sum=" + sum;
    }
}
