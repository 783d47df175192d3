package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.model.SnapshotStore;

/** The one HTTP port: /metrics, /status, /health and /-/healthy, on the JDK server. */
public final class WebServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, every response then waits
        // for the client's delayed ACK (40 ms on Linux). Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    /**
     * @param extra routes of other features (e.g. Zabbix, CEL health), each with its auth group
     */
    public WebServer(HttpConfig http, SnapshotStore store, StatusTree status, HttpHandler metrics, List<Route> extra)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(http.host(), http.port()), 64);
        pool = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "pbxmon-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        HttpHandler healthy = ex -> Responses.json(ex, 200, Responses.JSON.createObjectNode().put("result", "ok"));
        List<Route> routes = new java.util.ArrayList<>(List.of(
                new Route("/metrics", "metrics", metrics),
                new Route("/status", "status", new StatusHandler(status)),
                new Route("/health", "health", new HealthHandler(store)),
                new Route("/-/healthy", "none", healthy)));
        routes.addAll(extra);
        server.createContext("/", new Router(http, routes));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
