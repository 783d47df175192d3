package org.pbxmon.export.prometheus;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;

/**
 * The only door to client_java: builds a registry over the snapshot store and hands the web layer a
 * plain JDK {@link HttpHandler} that serves text, OpenMetrics and protobuf, gzip, and the
 * {@code name[]} filter.
 */
public final class PrometheusExporter {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    public PrometheusExporter(SnapshotStore store, AgentInfo agent) {
        registry.register(new SnapshotCollector(store, agent));
    }

    public HttpHandler handler() {
        return new MetricsHandler(registry);
    }
}
