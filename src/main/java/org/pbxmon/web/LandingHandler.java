package org.pbxmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.pbxmon.config.AuthTable;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;

/**
 * The landing page at {@code /}, as exporters serve one: name, version, each PBX with its AMI state,
 * and links to the endpoints that are open without credentials (in the current config); the others
 * are named, not linked. Open to all: it shows nothing that {@code /metrics} does not.
 */
public final class LandingHandler implements HttpHandler {
    /** Path, auth group, what it serves. */
    private record Endpoint(String path, String group, String what) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/metrics", "metrics", "Prometheus metrics"),
            new Endpoint("/-/healthy", Router.OPEN, "liveness"),
            new Endpoint("/health", "health", "readiness"),
            new Endpoint("/status", "status", "status tree (?path=a.b.c)"),
            new Endpoint("/zabbix/summary", "zabbix", "Zabbix summary, flat items and discovery under /zabbix/"),
            new Endpoint("/monitor", "monitor", "agent self-monitoring, timers, log levels, reload"),
            new Endpoint("/health/db", "monitor", "CEL database health"),
            new Endpoint("/api/v1/incidents", "api", "incident API (Kaleyra style; ?format=json|xml, ?since=)"),
            new Endpoint("/api/v1/objects", "api", "monitored objects and their status"),
            new Endpoint("/alertmanager/webhook", "intake", "Alertmanager webhook intake (POST)"));

    private final AgentInfo info;
    private final SnapshotStore store;
    private final Supplier<HttpConfig> http;

    private LandingHandler(AgentInfo info, SnapshotStore store, Supplier<HttpConfig> http) {
        this.info = info;
        this.store = store;
        this.http = http;
    }

    /** The open route at {@code /} (exactly: other unknown paths stay 404). */
    public static Route route(AgentInfo info, SnapshotStore store, Supplier<HttpConfig> http) {
        return new Route("/", Router.OPEN, new LandingHandler(info, store, http));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            Responses.json(ex, 405, Responses.error("use GET"));
            return;
        }
        byte[] body = page().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    String page() {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pbxmon</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:50em}td,th{padding:.2em 1em .2em 0;")
                .append("text-align:left}.up{color:#060}.down{color:#a00}</style></head><body>\n")
                .append("<h1>pbxmon</h1>\n<p>Monitoring agent for Asterisk PBX, version ")
                .append(esc(info.version())).append(" (").append(esc(info.revision())).append(").</p>\n");
        sb.append("<h2>PBXes</h2>\n");
        List<PbxSnapshot> pbxes = List.copyOf(store.all());
        if (pbxes.isEmpty()) {
            sb.append("<p>No PBX is configured.</p>\n");
        } else {
            sb.append("<table><tr><th>PBX</th><th>AMI</th><th>state</th></tr>\n");
            for (PbxSnapshot s : pbxes) {
                String state = s.live() ? "up, synced" : s.up() ? "logged in, syncing" : "down";
                String err = s.ami().lastError().isEmpty() || s.live() ? "" : " (" + s.ami().lastError() + ")";
                sb.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(esc(s.source()))
                        .append("</td><td class=\"").append(s.live() ? "up" : "down").append("\">")
                        .append(esc(state + err)).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        HttpConfig cfg = http.get();
        sb.append("<h2>Endpoints</h2>\n<ul>\n");
        boolean closed = false;
        for (Endpoint e : ENDPOINTS) {
            if (open(cfg, e.group())) {
                // relative links: the page works behind a reverse proxy at any prefix
                sb.append("<li><a href=\".").append(e.path()).append("\">").append(e.path()).append("</a>: ")
                        .append(esc(e.what())).append("</li>\n");
            } else {
                closed = true;
            }
        }
        sb.append("</ul>\n");
        if (closed) {
            sb.append("<p>The other endpoints (");
            String sep = "";
            for (Endpoint e : ENDPOINTS) {
                if (!open(cfg, e.group())) {
                    sb.append(sep).append("<code>").append(e.path()).append("</code>");
                    sep = ", ";
                }
            }
            sb.append(") need credentials.</p>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static boolean open(HttpConfig cfg, String group) {
        return group.equals(Router.OPEN) || cfg.auth().getOrDefault(group, List.of()).contains(AuthTable.NONE);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
