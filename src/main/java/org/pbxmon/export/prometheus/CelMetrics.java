package org.pbxmon.export.prometheus;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.export.CelAge;
import org.pbxmon.model.CelStatus;

/**
 * The CEL table of each PBX as metrics: {@code asterisk_cel_*}, {@code pbxmon_db_query_duration_seconds}
 * and the {@code cel} collector. Before the first successful poll only the database state and the
 * collector are shown; after a failed poll the last good figures stay, with collector success 0.
 * {@code asterisk_cel_last_event_age_seconds} is absent while the age is unknown ({@link CelAge}: an
 * empty table, or a newest row without a time), never 0, which would read as "just now".
 */
final class CelMetrics {
    static final String COLLECTOR = "cel";

    private CelMetrics() {
    }

    static void render(Families f, Collection<CelStatus> statuses) {
        for (CelStatus c : statuses) {
            try {
                one(f, c);
            } catch (RuntimeException e) {
                f.gauge("pbxmon_collector_success", "1 if the collector's last run succeeded, else 0.", 0,
                        "collector", COLLECTOR, "pbx", c.pbx());
            }
        }
    }

    private static void one(Families f, CelStatus c) {
        String pbx = c.pbx();
        f.gauge("asterisk_cel_db_up", "1 if the last CEL poll connected to the database and read the CEL table, else 0.",
                c.dbUp() ? 1 : 0, "pbx", pbx);
        if (c.hasData()) {
            f.gauge("asterisk_cel_last_id", "Highest id in the CEL table (MAX(id)).", c.lastId(), "pbx", pbx);
            f.gauge("asterisk_cel_consumer_last_id", "Last CEL id the consumer has processed (consumer query, or the agent's own tail).",
                    c.consumerLastId(), "pbx", pbx);
            f.gauge("asterisk_cel_pending_events", "CEL rows after the consumer's last id (exact up to 10000, then MAX(id) minus the last id).",
                    c.pendingEvents(), "pbx", pbx);
            f.gauge("asterisk_cel_pending_calls", "Distinct linkedids among the pending CEL rows (counted in the first 10000).",
                    c.pendingCalls(), "pbx", pbx);
            Double age = CelAge.seconds(c);
            if (age != null) {
                f.gauge("asterisk_cel_last_event_age_seconds", "Age of the newest CEL row (its eventtime in the configured time zone) when polled; absent while the table is empty.",
                        age, "pbx", pbx);
            }
            for (Map.Entry<String, Long> e : new TreeMap<>(c.eventsByType()).entrySet()) {
                f.counter("asterisk_cel_events", "CEL rows the agent has read by tailing the table in id order, by eventtype.",
                        e.getValue(), "pbx", pbx, "eventtype", e.getKey());
            }
            f.gauge("asterisk_cel_open_calls", "Linkedids with a CHAN_START within the open-call window and no LINKEDID_END yet.",
                    c.openCalls(), "pbx", pbx);
            f.gauge("asterisk_cel_stalled", "1 if AMI saw call activity within the stall window but no new CEL row arrived (insert loss), else 0.",
                    c.stalled() ? 1 : 0, "pbx", pbx);
        }
        for (Map.Entry<String, Double> q : new TreeMap<>(c.queryDurations()).entrySet()) {
            f.gauge("pbxmon_db_query_duration_seconds", "Duration of the last run of each CEL database query.",
                    q.getValue(), "pbx", pbx, "query", q.getKey());
        }
        if (c.updatedEpochMs() > 0) {
            f.gauge("pbxmon_collector_success", "1 if the collector's last run succeeded, else 0.", c.success() ? 1 : 0,
                    "collector", COLLECTOR, "pbx", pbx);
            f.gauge("pbxmon_collector_duration_seconds", "Duration of the collector's last run.", c.pollSeconds(),
                    "collector", COLLECTOR, "pbx", pbx);
        }
    }
}
