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

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Route r = routes.get(path);
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
