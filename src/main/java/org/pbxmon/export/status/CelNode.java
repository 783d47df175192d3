package org.pbxmon.export.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.export.CelAge;
import org.pbxmon.model.CelStatus;

/**
 * {@code app.pbx.<name>.cel} of the /status tree: the CEL table of one PBX, with the Itgrix-like
 * {@code cel_queue.{calls, pending_events}} and {@code last_id}. {@code err} is {@code <nil>} when the
 * last poll succeeded. After a failed poll the figures are the last good ones. {@code last_event} is
 * "" and {@code last_event_age_seconds} null while the table is empty or its newest row has no time
 * ({@link CelAge}).
 */
final class CelNode {
    private CelNode() {
    }

    /** Adds {@code cel} under the PBX node {@code pbx} when the PBX has a CEL source. */
    static void render(ObjectNode pbx, CelStatus c) {
        if (c == null) {
            return;
        }
        ObjectNode n = pbx.putObject("cel");
        n.put("on", true);
        n.put("source", c.source());
        n.put("db_up", c.dbUp());
        n.put("err", c.success() ? "<nil>" : c.error());
        n.put("updated", c.updatedEpochMs() == 0 ? "" : StatusTree.format(c.updatedEpochMs()));
        n.put("poll_seconds", c.pollSeconds());
        if (!c.hasData()) {
            return;
        }
        n.put("last_id", c.lastId());
        n.put("consumer", c.consumer());
        n.put("consumer_last_id", c.consumerLastId());
        ObjectNode queue = n.putObject("cel_queue");
        queue.put("calls", c.pendingCalls());
        queue.put("pending_events", c.pendingEvents());
        n.put("last_event", c.lastEventEpochMs() == 0 ? "" : StatusTree.format(c.lastEventEpochMs()));
        Double age = CelAge.seconds(c);
        if (age == null) {
            n.putNull("last_event_age_seconds");
        } else {
            n.put("last_event_age_seconds", Math.round(age));
        }
        n.put("open_calls", c.openCalls());
        n.put("stalled", c.stalled());
        ObjectNode events = n.putObject("events");
        new TreeMap<>(c.eventsByType()).forEach(events::put);
        ObjectNode queries = n.putObject("query_seconds");
        for (Map.Entry<String, Double> q : new TreeMap<>(c.queryDurations()).entrySet()) {
            queries.put(q.getKey(), q.getValue());
        }
    }
}
