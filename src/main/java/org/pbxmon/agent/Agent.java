package org.pbxmon.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigException;
import org.pbxmon.export.prometheus.PrometheusExporter;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.export.zabbix.ZabbixEndpoints;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.ReloadStats;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.pbxmon.web.DbHealthHandler;
import org.pbxmon.web.LandingHandler;
import org.pbxmon.web.Reloader;
import org.pbxmon.web.Route;
import org.pbxmon.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one config into sources, the snapshot store, the exporters and the web server. Sources start
 * in the background: the agent serves at once, even while every PBX is down. {@link #reload()} (SIGHUP,
 * {@code POST /monitor/reload}) applies a new config without a restart; a bad one changes nothing.
 */
public final class Agent implements AutoCloseable, Reloader {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** Where a reload reads the config from. */
    @FunctionalInterface
    public interface ConfigSource {
        AgentConfig load() throws ConfigException;
    }

    private volatile AgentConfig config;
    private final SnapshotStore store = new SnapshotStore();
    {
        store.suppressedLogLines(org.pbxmon.logging.RepeatFilter::suppressedByLogger);
    }
    /** Running sources by key; guarded by this. */
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final AgentInfo info;
    private final AtomicLong reloadsOk = new AtomicLong();
    private final AtomicLong reloadsFailed = new AtomicLong();
    private volatile boolean lastReloadOk = true;
    private volatile ConfigSource configSource;
    private WebServer web;
    private org.pbxmon.web.panel.PanelBroadcaster panel;
    private final List<Route> extraRoutes = new ArrayList<>();
    /** The running incident feature, or null while incidents are disabled; guarded by this. */
    private org.pbxmon.incident.IncidentService incidents;
    private final IncidentFront incidentFront = new IncidentFront();

    public Agent(AgentConfig config) {
        this.config = config;
        this.info = new AgentInfo(Version.version(), Version.revision(), System.currentTimeMillis(),
                UUID.randomUUID().toString(), config.origin(), "stderr");
    }

    /** Adds a route to serve (e.g. the demo's {@code /demo/callbacks}); call before {@link #start()}. */
    public synchronized Agent withRoute(Route route) {
        extraRoutes.add(route);
        return this;
    }

    /** Sets where {@link #reload()} reads the config; without one a reload fails (e.g. {@code --demo}). */
    public Agent reloadFrom(ConfigSource source) {
        this.configSource = source;
        return this;
    }

    /**
     * Starts the sources and the web server.
     *
     * @throws IllegalStateException when a protected endpoint group has no credentials configured
     * @throws IOException           when the port cannot be bound or the TLS files are unusable
     */
    public synchronized Agent start() throws IOException {
        List<String> missing = config.http().credentialProblems();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join("\n", missing));
        }
        // the port first: a port that is taken stops the agent before any PBX sees a login
        try {
            web = new WebServer(config.http(), store, new StatusTree(store, info),
                    new PrometheusExporter(store, info).handler(),
                    new ZabbixEndpoints(store, info).handlers().entrySet().stream()
                            .map(z -> new Route(z.getKey(), "zabbix", z.getValue())).toList());
            web.withMonitor(info, store, this);
            web.with(new Route("/health/db", "monitor", new DbHealthHandler(store)));
            panel = new org.pbxmon.web.panel.PanelBroadcaster(store);
            web.withPanel(panel);
            web.with(LandingHandler.route(info, store, () -> config.http()));
            web.with(new Route(org.pbxmon.web.AlertmanagerHandler.PATH, org.pbxmon.web.AlertmanagerHandler.GROUP,
                    new org.pbxmon.web.AlertmanagerHandler(incidentFront, incidentFront.intake)));
            // /api/ (not /api/v1/): a prefix route never serves its own path, and the seed's URL is /v1/?method=monitor
            web.with(org.pbxmon.web.IncidentApiHandler.route(incidentFront));
            extraRoutes.forEach(web::with);
            try {
                startIncidents(config);
            } catch (IOException e) {
                web.close();
                throw e;
            }
            web.start();
        } catch (IOException | RuntimeException e) {
            if (panel != null) {
                panel.close(); // its thread must not outlive an agent that never started
                panel = null;
            }
            if (e instanceof java.net.BindException) {
                throw new IOException("cannot listen on " + listenAddress() + " (http.listen in " + config.origin()
                        + ", or --listen): " + e.getMessage(), e);
            }
            throw e;
        }
        for (Source s : SourceCatalogue.fromConfig(config, store)) {
            sources.put(s.key(), s);
            s.start();
        }
        log.info("pbxmon {} listening on {}{}:{} with {} PBX(es), config {}", info.version(),
                web.tls() ? "https://" : "", config.http().host(), web.port(), config.pbxes().size(), config.origin());
        return this;
    }

    /** Starts the incident feature of {@code c}, if enabled. */
    private void startIncidents(AgentConfig c) throws IOException {
        if (!c.incidents().enabled()) {
            return;
        }
        try {
            incidents = new org.pbxmon.incident.IncidentService(c.incidents(), store, "pbxmon/" + info.version())
                    .start();
            incidents.engine().alertCounts(incidentFront.intake::received, incidentFront.intake::rejected);
            incidentFront.engine = incidents.engine();
        } catch (org.pbxmon.incident.StoreException e) {
            throw new IOException("incidents.store in " + c.origin() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("incidents.callbacks in " + c.origin() + ": " + e.getMessage(), e);
        }
    }

    private String listenAddress() {
        String h = config.http().host();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + config.http().port();
    }

    /**
     * Re-reads the config: new sources start, removed ones stop, changed ones restart, unchanged ones
     * keep running; the HTTP auth policy, users, tokens and limits apply to the next request. A config
     * that does not load, or that lacks credentials, is refused and the running one stays.
     */
    @Override
    public synchronized Outcome reload() {
        AgentConfig next;
        try {
            ConfigSource src = configSource;
            if (src == null) {
                throw new ConfigException(List.of(config.origin() + ": there is no config file to reload"));
            }
            next = src.load();
        } catch (ConfigException e) {
            return refused(e.problems());
        } catch (RuntimeException e) {
            return refused(List.of("cannot reload: " + e.getClass().getSimpleName()));
        }
        List<String> missing = next.http().credentialProblems();
        if (!missing.isEmpty()) {
            return refused(missing);
        }
        List<String> messages = new ArrayList<>();
        Map<String, Object> oldSpecs = SourceCatalogue.specs(config);
        Map<String, Object> newSpecs = SourceCatalogue.specs(next);
        boolean anything = !config.equals(next);
        Map<String, Source> fresh = new LinkedHashMap<>();
        for (Source s : SourceCatalogue.fromConfig(next, store)) {
            fresh.put(s.key(), s);
        }
        for (Iterator<Map.Entry<String, Source>> it = sources.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Source> e = it.next();
            String key = e.getKey();
            boolean removed = !fresh.containsKey(key);
            boolean changed = oldSpecs.containsKey(key) || newSpecs.containsKey(key)
                    ? !Objects.equals(oldSpecs.get(key), newSpecs.get(key)) : anything;
            if (removed || changed) {
                e.getValue().close();
                it.remove();
                messages.add((removed ? "stopped " : "restarted ") + key);
            }
        }
        for (Map.Entry<String, Source> e : fresh.entrySet()) {
            if (!sources.containsKey(e.getKey())) {
                sources.put(e.getKey(), e.getValue());
                e.getValue().start();
                if (!messages.contains("restarted " + e.getKey())) {
                    messages.add("started " + e.getKey());
                }
            }
        }
        if (!config.incidents().equals(next.incidents())) {
            org.pbxmon.incident.IncidentService before = incidents;
            incidentFront.engine = null;
            incidents = null;
            if (before != null) {
                before.close();
            }
            store.publishIncidents(org.pbxmon.model.IncidentsView.DISABLED);
            try {
                startIncidents(next);
                messages.add("restarted incidents");
            } catch (IOException e) {
                messages.add("incidents stopped: " + e.getMessage());
                log.warn("incidents could not restart after the reload: {}", e.getMessage());
            }
        }
        if (web != null) {
            messages.addAll(web.update(next.http()));
        }
        config = next;
        reloadsOk.incrementAndGet();
        lastReloadOk = true;
        store.publishReloads(new ReloadStats(reloadsOk.get(), reloadsFailed.get(), true));
        log.info("config reloaded from {}: {}", next.origin(), messages.isEmpty() ? "no source changed" : messages);
        return new Outcome(true, messages);
    }

    private Outcome refused(List<String> problems) {
        reloadsFailed.incrementAndGet();
        lastReloadOk = false;
        store.publishReloads(new ReloadStats(reloadsOk.get(), reloadsFailed.get(), false));
        log.warn("config reload refused, the running config stays: {}", problems);
        return new Outcome(false, problems);
    }

    /** {successful reloads, refused reloads, 1 if the last reload succeeded (or none happened) else 0}. */
    @Override
    public long[] counts() {
        return new long[] {reloadsOk.get(), reloadsFailed.get(), lastReloadOk ? 1 : 0};
    }

    /** The config in use (the last one loaded successfully). */
    public AgentConfig config() {
        return config;
    }

    /** Keys of the running sources, e.g. {@code ami:main}. */
    public synchronized List<String> sourceKeys() {
        return List.copyOf(sources.keySet());
    }

    public int port() {
        return web.port();
    }

    /** The live panel's broadcaster (viewers, drops), null before {@link #start()}. */
    public org.pbxmon.web.panel.PanelBroadcaster panel() {
        return panel;
    }

    public SnapshotStore store() {
        return store;
    }

    public AgentInfo info() {
        return info;
    }

    @Override
    public synchronized void close() {
        if (panel != null) {
            panel.close();
        }
        if (web != null) {
            web.close();
        }
        if (incidents != null) {
            incidents.close();
            incidents = null;
        }
        sources.values().forEach(Source::close);
        sources.clear();
    }
}
