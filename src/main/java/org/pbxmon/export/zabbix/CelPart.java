package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pbxmon.export.CelAge;
import org.pbxmon.model.CelStatus;

/**
 * The CEL figures of one PBX in its flat object: THE place where CEL reaches Zabbix.
 *
 * <p>Every key is always present: 0 or "" when the PBX has no CEL source ({@code cel_enabled} 0) or
 * before the first successful poll, so that template items never go unsupported. The values are those
 * of {@code /metrics} ({@code asterisk_cel_*}, see {@code CelMetrics}); booleans are 0/1. One
 * exception: with a CEL source, {@code cel_last_event_age_seconds} is JSON null while the age is
 * unknown ({@link CelAge}: no successful poll yet, an empty table, a newest row without a time), as
 * {@code asterisk_cel_last_event_age_seconds} is absent then; 0 would read as "a row just now". The
 * Zabbix item turns "not supported" meanwhile.
 */
final class CelPart {
    private CelPart() {
    }

    static void add(ObjectNode n, CelStatus cel) {
        boolean on = cel != null;
        boolean data = on && cel.hasData();
        n.put("cel_enabled", on ? 1 : 0);
        n.put("cel_db_up", on && cel.dbUp() ? 1 : 0);
        n.put("cel_stalled", data && cel.stalled() ? 1 : 0);
        n.put("cel_last_id", data ? cel.lastId() : 0);
        n.put("cel_consumer_last_id", data ? cel.consumerLastId() : 0);
        n.put("cel_pending_events", data ? cel.pendingEvents() : 0);
        n.put("cel_pending_calls", data ? cel.pendingCalls() : 0);
        n.put("cel_open_calls", data ? cel.openCalls() : 0);
        Double age = CelAge.seconds(cel);
        if (!on) {
            n.put("cel_last_event_age_seconds", 0.0);
        } else if (age == null) {
            n.putNull("cel_last_event_age_seconds");
        } else {
            n.put("cel_last_event_age_seconds", age);
        }
        n.put("cel_error", on ? cel.error() : "");
    }
}
