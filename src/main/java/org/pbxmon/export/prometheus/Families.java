package org.pbxmon.export.prometheus;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.pbxmon.model.Histogram;

/**
 * Collects data points per metric family while the snapshots are walked, then builds client_java
 * snapshots. Families with no data point are left out. Names are given without {@code _total} or
 * {@code _info}; client_java adds those suffixes.
 */
final class Families {
    private enum Type { GAUGE, COUNTER, INFO, HISTOGRAM }

    private record Family(Type type, String help, Unit unit, GaugeSnapshot.Builder gauge,
            CounterSnapshot.Builder counter, InfoSnapshot.Builder info, HistogramSnapshot.Builder histogram,
            int[] points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Predicate<String> included;

    Families(Predicate<String> included) {
        this.included = included;
    }

    void gauge(String name, String help, double value, String... labels) {
        Family f = family(name, Type.GAUGE, help);
        if (f != null) {
            f.gauge().dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
            f.points()[0]++;
        }
    }

    void counter(String name, String help, double value, String... labels) {
        Family f = family(name, Type.COUNTER, help);
        if (f != null) {
            f.counter().dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
            f.points()[0]++;
        }
    }

    void info(String name, String help, String... labels) {
        Family f = family(name, Type.INFO, help);
        if (f != null) {
            f.info().dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(labels)).build());
            f.points()[0]++;
        }
    }

    /**
     * A classic histogram from the model; each bucket's latest observation is its exemplar, labelled
     * {@code linkedid} (shown in OpenMetrics output).
     */
    void histogram(String name, String help, Histogram h, String... labels) {
        Family f = family(name, Type.HISTOGRAM, help);
        if (f == null) {
            return;
        }
        double[] b = h.bounds();
        double[] bounds = java.util.Arrays.copyOf(b, b.length + 1);
        bounds[b.length] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.HistogramDataPointSnapshot.Builder p = HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts()))
                .sum(h.sum())
                .labels(Labels.of(labels));
        if (!h.exemplars().isEmpty()) {
            java.util.List<Exemplar> ex = new java.util.ArrayList<>(h.exemplars().size());
            for (Histogram.Exemplar e : h.exemplars()) {
                ex.add(Exemplar.builder().value(e.value()).labels(Labels.of("linkedid", e.linkedid()))
                        .timestampMillis(e.epochMs()).build());
            }
            p.exemplars(Exemplars.of(ex));
        }
        f.histogram().dataPoint(p.build());
        f.points()[0]++;
    }

    /** Declare a family so that its HELP and TYPE appear even when it has no series yet. */
    private Family family(String name, Type type, String help) {
        Family f = families.get(name);
        if (f != null) {
            return f;
        }
        String exposed = switch (type) {
            case COUNTER -> name + "_total";
            case INFO -> name + "_info";
            case GAUGE, HISTOGRAM -> name;
        };
        if (!included.test(exposed)) {
            return null;
        }
        Unit unit = name.endsWith("_seconds") ? Unit.SECONDS : null;
        f = switch (type) {
            case GAUGE -> new Family(type, help, unit, GaugeSnapshot.builder().name(name).help(help).unit(unit), null, null,
                    null, new int[1]);
            case COUNTER -> new Family(type, help, unit, null, CounterSnapshot.builder().name(name).help(help).unit(unit), null,
                    null, new int[1]);
            case INFO -> new Family(type, help, null, null, null, InfoSnapshot.builder().name(name).help(help), null,
                    new int[1]);
            case HISTOGRAM -> new Family(type, help, unit, null, null, null,
                    HistogramSnapshot.builder().name(name).help(help).unit(unit), new int[1]);
        };
        families.put(name, f);
        return f;
    }

    MetricSnapshots build() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        for (Family f : families.values()) {
            if (f.points()[0] == 0) {
                continue;
            }
            MetricSnapshot s = switch (f.type()) {
                case GAUGE -> f.gauge().build();
                case COUNTER -> f.counter().build();
                case INFO -> f.info().build();
                case HISTOGRAM -> f.histogram().build();
            };
            out.metricSnapshot(s);
        }
        return out.build();
    }
}
