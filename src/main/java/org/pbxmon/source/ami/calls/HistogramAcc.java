package org.pbxmon.source.ami.calls;

import java.util.ArrayList;
import java.util.List;
import org.pbxmon.model.Histogram;

/** A mutable classic histogram with the latest exemplar per bucket. Not thread-safe. */
final class HistogramAcc {
    private final double[] bounds;
    private final long[] counts;
    private final Histogram.Exemplar[] exemplars;
    private double sum;
    private Histogram cached;

    HistogramAcc(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
        this.exemplars = new Histogram.Exemplar[bounds.length + 1];
    }

    /** Adds one observation; NaN and infinities are ignored (they are not measurements). */
    void observe(double v, String linkedid, long nowMs) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return;
        }
        int i = 0;
        while (i < bounds.length && v > bounds[i]) {
            i++;
        }
        counts[i]++;
        sum += v;
        if (linkedid != null && !linkedid.isEmpty()) {
            exemplars[i] = new Histogram.Exemplar(i, v, linkedid, nowMs);
        }
        cached = null;
    }

    Histogram snapshot() {
        Histogram h = cached;
        if (h == null) {
            List<Histogram.Exemplar> ex = new ArrayList<>();
            for (Histogram.Exemplar e : exemplars) {
                if (e != null) {
                    ex.add(e);
                }
            }
            h = new Histogram(bounds, counts, sum, ex);
            cached = h;
        }
        return h;
    }
}
