package org.pbxmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pbxmon.config.HttpConfig;

/**
 * Dispatches on the exact path, so {@code /statusX} is not {@code /status} (the JDK server's own
 * contexts match by prefix), applies the route's auth policy, and turns unknown paths into a JSON
 * 404 and handler failures into a JSON 500 without a stack trace.
 */
final class Router implements HttpHandler {
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final HttpConfig http;
    private final BasicAuth basic;

    Router(HttpConfig http, List<Route> routes) {
        this.http = http;
        this.basic = new BasicAuth(http.users());
        routes.forEach(r -> this.routes.put(r.path(), r));
    }

    /**
     * The route for a path: an exact match, or else the longest prefix route (a path ending in "/")
     * with something after it, so "/zabbix/pbx/" serves "/zabbix/pbx/main" but not "/zabbix/pbx/".
     */
    Route find(String path) {
        Route exact = routes.get(path);
        if (exact != null && !exact.path().endsWith("/")) {
            return exact;
        }
        Route best = null;
        for (Route r : routes.values()) {
            if (r.path().endsWith("/") && path.startsWith(r.path()) && path.length() > r.path().length()
                    && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        return best;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Route r = find(path);
            if (r == null) {
                Responses.json(ex, 404, Responses.error("not found: " + path));
                return;
            }
            List<String> schemes = r.group().equals("none") ? List.of("none") : http.schemesFor(r.group());
            if (!schemes.contains("none") && !basic.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"pbxmon\", charset=\"UTF-8\"");
                Responses.json(ex, 401, Responses.error("authentication required"));
                return;
            }
            try {
                r.handler().handle(ex);
            } catch (RuntimeException e) {
                Responses.json(ex, 500, Responses.error("internal error: " + e.getClass().getSimpleName()));
            }
        }
    }
}
