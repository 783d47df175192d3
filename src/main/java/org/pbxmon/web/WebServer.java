package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP(S) port: /metrics, /status, /health, /-/healthy, the monitor endpoints and the routes of
 * other features, behind the per-group auth policy, the limits and the worker pool. Handlers use the
 * JDK's {@code com.sun.net.httpserver} API; the listener and the HTTP/1.1 framing are ours
 * ({@link HttpListener}, {@link HttpConnection}, {@link Exchange}), because the JDK server reads request
 * heads on its executor's threads (a slow client holds a worker), cannot limit connections per client
 * and resets an oversized head instead of answering 431.
 */
public final class WebServer implements AutoCloseable {
    /** Milliseconds a client has for a request head (the first one on a connection includes TLS). */
    static final int HEAD_TIMEOUT_MS = 10_000;
    /** Milliseconds a client has for a request body, from the end of its head. */
    static final int BODY_TIMEOUT_MS = 30_000;
    /** Milliseconds a kept-alive connection may wait for its next request. */
    static final int IDLE_TIMEOUT_MS = 30_000;
    /** Milliseconds a client has to take a response. */
    static final int RESPONSE_TIMEOUT_MS = 30_000;
    /** Bytes of the request line and headers together (414 or 431 beyond), and the number of headers (431). */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 64;

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final HttpListener server;
    private final WorkerPool pool;
    private final Router router;
    private final LogLevels levels = new LogLevels();
    private final TlsContext tls;
    private final ScheduledExecutorService tlsWatch;
    private volatile HttpConfig http;

    /**
     * @param extra routes of other features (e.g. Zabbix, CEL health), each with its auth group
     */
    public WebServer(HttpConfig http, SnapshotStore store, StatusTree status, HttpHandler metrics, List<Route> extra)
            throws IOException {
        this.http = http;
        InetSocketAddress address = new InetSocketAddress(http.host(), http.port());
        if (http.tls() != null) {
            try {
                tls = new TlsContext(http.tls());
            } catch (GeneralSecurityException e) {
                throw new IOException("http.tls: cannot use the certificate or key: " + e.getMessage(), e);
            }
            tlsWatch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pbxmon-tls-reload");
                t.setDaemon(true);
                return t;
            });
        } else {
            tls = null;
            tlsWatch = null;
        }
        pool = new WorkerPool(http.limits().workers(), http.limits().queue());
        HttpHandler healthy = ex -> Responses.json(ex, 200, Responses.JSON.createObjectNode().put("result", "ok"));
        List<Route> routes = new ArrayList<>(List.of(
                new Route("/metrics", "metrics", metrics),
                new Route("/status", "status", new StatusHandler(status)),
                new Route("/health", "health", new HealthHandler(store)),
                new Route("/-/healthy", Router.OPEN, healthy)));
        routes.addAll(extra);
        router = new Router(http, routes, pool);
        server = new HttpListener(address, tls == null ? null : tls.sslContext(), router, http.limits());
        if (tlsWatch != null) {
            long every = http.tls().reloadInterval().toMillis();
            tlsWatch.scheduleWithFixedDelay(this::reloadTls, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Adds the self-monitoring endpoints ({@code /monitor/...}, group {@code monitor}); call before
     * {@link #start()}.
     */
    public WebServer withMonitor(AgentInfo info, SnapshotStore store, Reloader reloader) {
        new MonitorHandlers(info, store.timers(), levels, Objects.requireNonNull(reloader)).routes()
                .forEach(router::add);
        return this;
    }

    /** Adds the live panel ({@code /panel/}, {@code /panel/events}, group {@code panel}); call before {@link #start()}. */
    public WebServer withPanel(org.pbxmon.web.panel.PanelBroadcaster broadcaster) {
        PanelHandlers.routes(broadcaster).forEach(router::add);
        return this;
    }

    /** Adds one route (e.g. {@code /health/db}); call before {@link #start()}. */
    public WebServer with(Route route) {
        router.add(route);
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    public boolean tls() {
        return tls != null;
    }

    /**
     * Applies a reloaded HTTP config: auth policy, users, tokens, keys, body limits, worker count and
     * connection limits take effect for the next request. Returns what needs a restart instead (listen address, TLS
     * files, queue size).
     */
    public List<String> update(HttpConfig next) {
        List<String> restart = new ArrayList<>();
        HttpConfig before = http;
        if (!before.host().equals(next.host()) || before.port() != next.port()) {
            restart.add("http.listen changed: restart pbxmon to listen on the new address");
        }
        if (!Objects.equals(before.tls(), next.tls())) {
            restart.add("http.tls changed: restart pbxmon to apply (renewed files are reloaded by themselves)");
        }
        if (before.limits().queue() != next.limits().queue()) {
            restart.add("http.limits.queue changed: restart pbxmon to apply");
        }
        router.update(next);
        pool.resize(next.limits().workers());
        server.update(next.limits());
        http = next;
        return restart;
    }

    private void reloadTls() {
        try {
            if (tls.reloadIfChanged()) {
                log.info("TLS certificate reloaded: {}", tls.leaf() == null ? "?" : tls.leaf().getSubjectX500Principal());
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn("TLS files changed but cannot be used, keeping the previous certificate: {}", e.getMessage());
        }
    }

    /** For tests: check the TLS files now. */
    boolean reloadTlsNow() throws IOException, GeneralSecurityException {
        return tls.reloadIfChanged();
    }

    TlsContext tlsContext() {
        return tls;
    }

    @Override
    public void close() {
        server.close();
        pool.close();
        levels.close();
        if (tlsWatch != null) {
            tlsWatch.shutdownNow();
        }
    }
}
