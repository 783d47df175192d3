package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP(S) port: /metrics, /status, /health, /-/healthy, the monitor endpoints and the routes of
 * other features, on the JDK server, behind the per-group auth policy, the limits and the worker pool.
 */
public final class WebServer implements AutoCloseable {
    /** Seconds a client may take to send a request head and body (slowloris): JVM-wide. */
    static final String REQUEST_TIMEOUT_SECONDS = "10";
    /** Seconds a client may take to read a response: JVM-wide. */
    static final String RESPONSE_TIMEOUT_SECONDS = "30";
    /** Bytes of the request line and headers together, and the number of headers: JVM-wide. */
    static final String MAX_HEADER_BYTES = "16384";
    static final String MAX_HEADERS = "64";
    static final String MAX_CONNECTIONS = "512";

    static {
        // Read once, when the first server is created. -D on the command line wins.
        // With Nagle on, every response waits for the client's delayed ACK (40 ms on Linux).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        defaultProperty("sun.net.httpserver.maxReqTime", REQUEST_TIMEOUT_SECONDS);
        defaultProperty("sun.net.httpserver.maxRspTime", RESPONSE_TIMEOUT_SECONDS);
        defaultProperty("sun.net.httpserver.maxReqHeaderSize", MAX_HEADER_BYTES);
        defaultProperty("sun.net.httpserver.maxReqHeaders", MAX_HEADERS);
        defaultProperty("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final HttpServer server;
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
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                    params.setSSLParameters(p);
                }
            });
            server = https;
            tlsWatch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pbxmon-tls-reload");
                t.setDaemon(true);
                return t;
            });
            long every = http.tls().reloadInterval().toMillis();
            tlsWatch.scheduleWithFixedDelay(this::reloadTls, every, every, TimeUnit.MILLISECONDS);
        } else {
            tls = null;
            tlsWatch = null;
            server = HttpServer.create(address, 128);
        }
        pool = new WorkerPool(http.limits().workers(), http.limits().queue());
        server.setExecutor(pool);
        HttpHandler healthy = ex -> Responses.json(ex, 200, Responses.JSON.createObjectNode().put("result", "ok"));
        List<Route> routes = new ArrayList<>(List.of(
                new Route("/metrics", "metrics", metrics),
                new Route("/status", "status", new StatusHandler(status)),
                new Route("/health", "health", new HealthHandler(store)),
                new Route("/-/healthy", Router.OPEN, healthy)));
        routes.addAll(extra);
        router = new Router(http, routes);
        server.createContext("/", router);
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

    /** Adds one route (e.g. {@code /health/db}); call before {@link #start()}. */
    public WebServer with(Route route) {
        router.add(route);
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean tls() {
        return tls != null;
    }

    /**
     * Applies a reloaded HTTP config: auth policy, users, tokens, keys, body limits and worker count
     * take effect for the next request. Returns what needs a restart instead (listen address, TLS
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
        server.stop(0);
        pool.close();
        levels.close();
        if (tlsWatch != null) {
            tlsWatch.shutdownNow();
        }
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
