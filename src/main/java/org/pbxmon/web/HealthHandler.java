package org.pbxmon.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;

/**
 * {@code GET /health}: 200 when every configured PBX has a logged-in, synced AMI session, else 503.
 * The body names each PBX with its state. {@code /-/healthy} is the process liveness check instead.
 */
final class HealthHandler implements HttpHandler {
    private final SnapshotStore store;

    HealthHandler(SnapshotStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        ObjectNode body = Responses.JSON.createObjectNode();
        ObjectNode pbx = body.putObject("pbx");
        boolean ok = true;
        for (PbxSnapshot s : store.all()) {
            boolean up = s.ami().connected() && s.ami().synced();
            ok &= up;
            ObjectNode n = pbx.putObject(s.name());
            n.put("up", up);
            n.put("err", s.ami().lastError().isEmpty() ? "<nil>" : s.ami().lastError());
        }
        body.put("result", ok ? "ok" : "error");
        Responses.json(ex, ok ? 200 : 503, body);
    }
}
