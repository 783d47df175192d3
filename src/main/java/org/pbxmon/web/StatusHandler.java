package org.pbxmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.pbxmon.export.status.StatusTree;

/** {@code GET /status[?path=a.b.c]}: the whole tree, or the JSON value at the path (404 if none). */
final class StatusHandler implements HttpHandler {
    private final StatusTree tree;

    StatusHandler(StatusTree tree) {
        this.tree = tree;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = query(ex.getRequestURI().getRawQuery(), "path");
        JsonNode node = StatusTree.select(tree.build(), path);
        if (node == null) {
            Responses.json(ex, 404, Responses.error("path not found: " + path));
            return;
        }
        Responses.json(ex, 200, node);
    }

    static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
