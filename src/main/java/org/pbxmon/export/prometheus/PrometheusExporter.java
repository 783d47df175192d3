package org.pbxmon.export.prometheus;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Predicate;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;

/**
 * The only door to client_java: builds a registry over the snapshot store and the JVM's own metrics,
 * and hands the web layer a plain JDK {@link HttpHandler} that serves text, OpenMetrics and protobuf,
 * gzip, and the {@code name[]} filter.
 *
 * <p>A plain scrape is served from bytes encoded once per published snapshot set and format
 * ({@link EncodedScrapes}); the {@code jvm_*} and {@code process_*} families are read at most once a
 * second and appended. {@code name[]} and {@code debug} requests are rendered afresh by client_java's
 * handler over the same registry.
 */
public final class PrometheusExporter {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SnapshotCollector snapshots;
    private final HttpHandler handler;

    public PrometheusExporter(SnapshotStore store, AgentInfo agent) {
        snapshots = new SnapshotCollector(store, agent);
        registry.register(snapshots);
        registry.register(new ProcessPart());
        PrometheusProperties properties = PrometheusProperties.get();
        EncodedScrapes encoded = new EncodedScrapes(snapshots::collect, () -> Jvm.REGISTRY.scrape(),
                ExpositionFormats.init(properties), System::nanoTime, EncodedScrapes.PROCESS_TTL_NANOS);
        handler = new ScrapeHandler(encoded, new MetricsHandler(properties, registry),
                properties.getExporterHttpServerProperties().isPreferUncompressedResponse());
    }

    /** The {@code /metrics} handler (one per exporter; its byte cache is shared by every request). */
    public HttpHandler handler() {
        return handler;
    }

    /**
     * The JVM's metrics ({@code jvm_*}, {@code process_*}) once per JVM, whatever the number of
     * exporters (tests start many agents in one JVM): registered on a registry of their own so that a
     * scrape can read them without rendering the snapshot families.
     */
    private static final class Jvm {
        static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

        static {
            JvmMetrics.builder().register(REGISTRY);
        }
    }

    /** The JVM registry as part of the serving registry, for the {@code name[]} and {@code debug} path. */
    private static final class ProcessPart implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            return Jvm.REGISTRY.scrape();
        }

        @Override
        public MetricSnapshots collect(Predicate<String> includedNames) {
            return Jvm.REGISTRY.scrape(includedNames);
        }
    }
}
