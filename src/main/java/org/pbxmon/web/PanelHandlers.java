package org.pbxmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.pbxmon.web.panel.PanelBroadcaster;
import org.pbxmon.web.panel.PanelSubscriber;

/**
 * The live panel: {@code /panel/} (the page and its two assets, from the classpath) and
 * {@code /panel/events} (Server-Sent Events from {@link PanelBroadcaster}), both in the {@code panel}
 * auth group. Every URL in the page is relative, so it works behind a proxy prefix and in an iframe.
 */
final class PanelHandlers {
    static final String GROUP = "panel";
    /** Milliseconds one event may take to reach a viewer's socket before the viewer is cut off. */
    static final long EVENT_WRITE_MS = 5_000;
    private static final Map<String, String> ASSETS = Map.of(
            "", "text/html; charset=utf-8",
            "index.html", "text/html; charset=utf-8",
            "panel.js", "text/javascript; charset=utf-8",
            "panel.css", "text/css; charset=utf-8");

    private PanelHandlers() {
    }

    static List<Route> routes(PanelBroadcaster broadcaster) {
        return List.of(
                new Route("/panel", GROUP, ex -> {
                    ex.getResponseHeaders().set("Location", "panel/");
                    ex.sendResponseHeaders(301, -1);
                }),
                new Route("/panel/", GROUP, new Page()),
                new Route("/panel/events", GROUP, new Events(broadcaster)));
    }

    /** The page and its assets. */
    static final class Page implements HttpHandler, Router.ServesIndex {
        @Override
        public void handle(HttpExchange ex) throws IOException {
            String name = ex.getRequestURI().getPath().substring("/panel/".length());
            String type = ASSETS.get(name);
            if (type == null) {
                Responses.json(ex, 404, Responses.error("not found: " + ex.getRequestURI().getPath()));
                return;
            }
            byte[] body;
            try (InputStream in = PanelHandlers.class.getResourceAsStream(
                    "/panel/" + (name.isEmpty() ? "index.html" : name))) {
                if (in == null) {
                    Responses.json(ex, 404, Responses.error("panel asset missing: " + name));
                    return;
                }
                body = in.readAllBytes();
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * The stream, on the connection's own thread (no worker permit): it writes what the broadcaster
     * queued for this viewer, each event under its own write deadline, until the viewer goes or is
     * dropped for falling behind.
     */
    static final class Events implements HttpHandler, Router.Streaming {
        private final PanelBroadcaster broadcaster;

        Events(PanelBroadcaster broadcaster) {
            this.broadcaster = broadcaster;
        }

        @Override
        public void handle(HttpExchange ex) throws IOException {
            Exchange own = ex instanceof Exchange e ? e : null;
            PanelSubscriber sub = broadcaster.subscribe(own == null ? () -> { } : own::abortConnection);
            if (sub == null) {
                ex.getResponseHeaders().set("Retry-After", "5");
                Responses.json(ex, 503, Responses.error("too many panel viewers, retry later"));
                return;
            }
            try {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                ex.getResponseHeaders().set("X-Accel-Buffering", "no");
                ex.getResponseHeaders().set("Connection", "close");
                ex.sendResponseHeaders(200, 0);
                if (own != null) {
                    own.becomeStream();
                }
                OutputStream out = ex.getResponseBody();
                out.write("retry: 1000\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                while (!sub.dropped()) {
                    if (own != null) {
                        own.writeWithin(0);
                    }
                    byte[] event = sub.next(1000);
                    if (event == null) {
                        continue;
                    }
                    if (own != null) {
                        own.writeWithin(EVENT_WRITE_MS);
                    }
                    out.write(event);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                broadcaster.unsubscribe(sub);
                if (own != null) {
                    own.abortConnection();
                }
            }
        }
    }
}
