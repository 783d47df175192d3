package org.pbxmon.export.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.IncidentsView;

/** {@code app.incidents} and {@code app.callbacks} of /status; both absent while incidents are disabled. */
final class IncidentNode {
    private IncidentNode() {
    }

    static void render(ObjectNode app, IncidentsView v) {
        if (!v.enabled()) {
            return;
        }
        ObjectNode in = app.putObject("incidents");
        in.put("open", v.open().size());
        in.put("critical", v.openCount("critical"));
        in.put("warning", v.openCount("warning"));
        ObjectNode store = in.putObject("store");
        store.put("source", v.store());
        store.put("up", v.storeUp());
        store.put("errors", v.storeErrors());
        store.put("pending_writes", v.pendingWrites());
        store.put("dropped_writes", v.droppedWrites());
        ArrayNode list = in.putArray("list");
        for (IncidentsView.OpenIncident i : v.open()) {
            ObjectNode n = list.addObject();
            n.put("key", i.key());
            n.put("object", i.object());
            n.put("kind", i.kind());
            n.put("origin", i.origin());
            n.put("rule", i.rule());
            n.put("severity", i.severity());
            n.put("summary", i.summary());
            n.put("opened", Instant.ofEpochMilli(i.openedEpochMs()).toString());
        }
        ObjectNode objects = in.putObject("objects");
        for (IncidentsView.ObjectLine o : v.objects()) {
            ObjectNode n = objects.putObject(o.id());
            n.put("kind", o.kind());
            n.put("status", o.status());
            n.put("modified", o.modifiedEpochMs() == 0 ? "" : Instant.ofEpochMilli(o.modifiedEpochMs()).toString());
        }
        ObjectNode am = in.putObject("alertmanager");
        new TreeMap<>(v.alertsReceived()).forEach(am.putObject("received")::put);
        new TreeMap<>(v.alertsRejected()).forEach(am.putObject("rejected")::put);
        ObjectNode cbs = app.putObject("callbacks");
        for (IncidentsView.CallbackLine c : v.callbacks()) {
            ObjectNode n = cbs.putObject(c.name());
            n.put("active", c.active());
            n.put("sent", c.sent());
            ObjectNode f = n.putObject("failures");
            for (Map.Entry<String, Long> e : new TreeMap<>(c.failures()).entrySet()) {
                f.put(e.getKey(), e.getValue());
            }
            n.put("pending", c.pending());
            if (c.oldestAgeSeconds() == null) {
                n.putNull("oldest_pending_age_seconds");
            } else {
                n.put("oldest_pending_age_seconds", Math.round(c.oldestAgeSeconds()));
            }
            n.put("dead_letters", c.deadLetters());
            n.put("err", c.lastError().isEmpty() ? "<nil>" : c.lastError());
        }
    }
}
