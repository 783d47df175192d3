package org.pbxmon.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.model.IncidentsView;

/** Each configured callback's line of the view: the dispatcher's counts joined with its outbox in the store. */
final class CallbackLines {
    private CallbackLines() {
    }

    /**
     * @param dispatcher the dispatcher's figures (sent, failures, last error), by callback
     * @param outbox     the store's pending, oldest and dead rows, by callback
     */
    static List<IncidentsView.CallbackLine> of(List<IncidentsConfig.Callback> configured,
            List<IncidentsView.CallbackLine> dispatcher, Map<String, OutboxStats> outbox, long nowMs) {
        Map<String, IncidentsView.CallbackLine> lines = new LinkedHashMap<>();
        for (IncidentsConfig.Callback c : configured) {
            lines.put(c.name(), new IncidentsView.CallbackLine(c.name(), c.active(), 0, Map.of(), 0, null, 0, ""));
        }
        for (IncidentsView.CallbackLine l : dispatcher) {
            lines.put(l.name(), l);
        }
        List<IncidentsView.CallbackLine> out = new ArrayList<>();
        for (IncidentsView.CallbackLine l : lines.values()) {
            OutboxStats o = outbox.getOrDefault(l.name(), OutboxStats.EMPTY);
            Double age = o.oldestMs() == null ? null : Math.max(0, nowMs - o.oldestMs()) / 1000.0;
            out.add(new IncidentsView.CallbackLine(l.name(), l.active(), l.sent(), l.failures(), o.pending(), age,
                    o.deadLetters(), l.lastError()));
        }
        return out;
    }
}
