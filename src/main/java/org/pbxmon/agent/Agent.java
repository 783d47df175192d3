package org.pbxmon.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.export.prometheus.PrometheusExporter;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.pbxmon.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one config into sources, the snapshot store, the exporters and the web server. Sources start
 * in the background: the agent serves at once, even while every PBX is down.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final SnapshotStore store = new SnapshotStore();
    private final List<Source> sources = new ArrayList<>();
    private final AgentInfo info;
    private WebServer web;

    public Agent(AgentConfig config) {
        this.config = config;
        this.info = new AgentInfo(Version.version(), Version.revision(), System.currentTimeMillis(),
                UUID.randomUUID().toString(), config.origin(), "stderr");
    }

    public Agent start() throws IOException {
        for (Source s : SourceCatalogue.fromConfig(config, store)) {
            sources.add(s);
            s.start();
        }
        web = new WebServer(config.http(), store, new StatusTree(store, info),
                new PrometheusExporter(store, info).handler(), List.of());
        web.start();
        log.info("pbxmon {} listening on {}:{} with {} PBX(es), config {}", info.version(), config.http().host(),
                web.port(), sources.size(), config.origin());
        return this;
    }

    public int port() {
        return web.port();
    }

    public SnapshotStore store() {
        return store;
    }

    public AgentInfo info() {
        return info;
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        sources.forEach(Source::close);
    }
}
