package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.config.HttpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches on the exact path, so {@code /statusX} is not {@code /status}, applies the route's auth
 * policy and body limit (the body is read whole before the handler runs; 413 beyond the limit, also
 * for a chunked body), takes a worker permit for the handler only (503 at once under overload), and
 * turns unknown paths into a JSON 404 and handler failures into a JSON 500 without a stack trace or
 * class name. The policy is swapped live on a config reload.
 */
final class Router implements HttpHandler {
    /** The group of routes that are always open (e.g. {@code /-/healthy}). */
    static final String OPEN = "none";

    /** A prefix route whose handler also serves the prefix itself (a page at {@code /panel/}). */
    interface ServesIndex {
    }

    /** A handler holding its connection for long (an event stream): it runs without a worker permit. */
    interface Streaming {
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Nonces nonces;
    private final WorkerPool pool;
    private volatile AuthPolicy policy;
    private volatile HttpLimits limits;

    Router(HttpConfig http, List<Route> routes, Nonces nonces, WorkerPool pool) {
        this.nonces = nonces;
        this.pool = pool;
        update(http);
        routes.forEach(r -> this.routes.put(r.path(), r));
    }

    Router(HttpConfig http, List<Route> routes, WorkerPool pool) {
        this(http, routes, new Nonces(), pool);
    }

    /** Adds or replaces a route. */
    void add(Route r) {
        routes.put(r.path(), r);
    }

    /** Applies the auth policy and limits of a new config to the following requests. */
    void update(HttpConfig http) {
        policy = new AuthPolicy(http, nonces);
        limits = http.limits();
    }

    /**
     * The route for a path: an exact match, or else the longest prefix route (a path ending in "/")
     * with something after it, so "/zabbix/pbx/" serves "/zabbix/pbx/main" but not "/zabbix/pbx/".
     */
    Route find(String path) {
        Route exact = routes.get(path);
        if (exact != null && (!exact.path().endsWith("/") || exact.path().equals("/")
                || exact.handler() instanceof ServesIndex)) {
            return exact; // "/" (the landing page) is exact only, never a prefix of everything
        }
        Route best = null;
        for (Route r : routes.values()) {
            if (r.path().endsWith("/") && !r.path().equals("/") && path.startsWith(r.path()) && path.length() > r.path().length()
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
            Route r = path == null ? null : find(path);
            if (r == null) {
                Responses.json(ex, 404, Responses.error("not found: " + path));
                return;
            }
            if (!r.group().equals(OPEN)) {
                Authenticator.Result auth = policy.authenticate(r.group(), ex);
                if (!(auth instanceof Authenticator.Success success)) {
                    int code = auth instanceof Authenticator.Retry retry ? retry.getResponseCode()
                            : ((Authenticator.Failure) auth).getResponseCode();
                    Responses.json(ex, code, Responses.error(code == 401 ? "authentication required" : "forbidden"));
                    return;
                }
                if (ex instanceof Exchange own) {
                    own.principal(success.getPrincipal());
                }
            }
            long max = limits.maxBodyFor(r.group());
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            if (length != null && tooLong(length, max)) {
                tooLarge(ex, max);
                return;
            }
            // The whole body is read here, on the connection's thread and under its deadline, before a
            // worker is taken: a slow body holds no worker, and a handler that never reads the body
            // (POST /monitor/reload) still never runs with one over the limit.
            byte[] body;
            try {
                body = new LimitedInput(ex.getRequestBody(), max).readAllBytes();
            } catch (BodyTooLarge e) {
                tooLarge(ex, max);
                return;
            }
            ex.setStreams(new ByteArrayInputStream(body), null);
            if (r.handler() instanceof Streaming) {
                r.handler().handle(ex); // bounded by its own cap, it must not take one of the few workers
                return;
            }
            if (!pool.enter()) {
                ex.getResponseHeaders().set("Retry-After", "1");
                Responses.json(ex, 503, Responses.error("overloaded, retry later"));
                return;
            }
            try {
                r.handler().handle(ex);
            } catch (RuntimeException e) {
                log.warn("HTTP handler of {} failed: {}", r.path(), e.toString());
                if (ex.getResponseCode() < 0) {
                    Responses.json(ex, 500, Responses.error("internal error"));
                }
            } finally {
                pool.leave();
            }
        }
    }

    private static boolean tooLong(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void tooLarge(HttpExchange ex, long max) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        Responses.json(ex, 413, Responses.error("request body larger than " + max + " bytes"));
    }

    /** Thrown by {@link LimitedInput} when a (chunked) body grows beyond the limit. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("request body too large");
        }
    }

    /** A request body that refuses to deliver more than {@code max} bytes. */
    static final class LimitedInput extends FilterInputStream {
        private long left;

        LimitedInput(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new BodyTooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new BodyTooLarge();
                }
            }
            return n;
        }
    }
}
