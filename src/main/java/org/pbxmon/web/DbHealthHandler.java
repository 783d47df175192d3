package org.pbxmon.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.SnapshotStore;

/**
 * {@code GET /health/db} in the manner of Webim's {@code /l/a/monitor/connect-to-db}: 200
 * {@code {"result":"ok"}} when every CEL database answered its last poll (or none is configured), else
 * 500 {@code {"result":"error","e":"Failed to connect to database cel@<pbx>: <reason>"}} naming the
 * first failing PBX. It reads the last poll's result (at most one {@code poll_interval} old) and never
 * touches a database itself, so it answers at once even when a database hangs. Reasons never hold a
 * secret: the CEL source masks them.
 */
public final class DbHealthHandler implements HttpHandler {
    private final SnapshotStore store;

    public DbHealthHandler(SnapshotStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        for (CelStatus c : store.allCel()) {
            if (!c.dbUp()) {
                Responses.json(ex, 500, Responses.error("Failed to connect to database cel@" + c.pbx() + ": "
                        + (c.error().isEmpty() ? "not connected" : c.error())));
                return;
            }
        }
        ObjectNode ok = Responses.JSON.createObjectNode();
        ok.put("result", "ok");
        Responses.json(ex, 200, ok);
    }
}
