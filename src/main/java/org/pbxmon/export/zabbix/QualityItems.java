package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.Histogram;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueService;
import org.pbxmon.model.TrunkQuality;

/**
 * Call quality, KPIs and queue service in the Zabbix endpoints: fields of the trunk and queue detail
 * rows, and a few PBX-wide keys of the flat object. Unknown values are JSON null (Zabbix's JSONPath
 * step then makes the item unsupported for that poll instead of storing a made-up 0).
 */
final class QualityItems {
    /** Flat keys that are numbers while the PBX is live and null while it is not. */
    static final List<String> FLAT_KEYS = List.of("calls_poor_quality", "quality_rtcp_seen");

    private QualityItems() {
    }

    static void flat(ObjectNode n, PbxSnapshot s) {
        int poor = 0;
        Double minMes = null;
        for (TrunkQuality t : s.quality().trunks()) {
            poor += t.poorCalls();
            if (t.mes() != null && (minMes == null || t.mes() < minMes)) {
                minMes = t.mes();
            }
        }
        Double minSl = null;
        for (QueueService q : s.quality().queues()) {
            Double sl = first(q.serviceLevel());
            if (sl != null && (minSl == null || sl < minSl)) {
                minSl = sl;
            }
        }
        n.put("calls_poor_quality", poor);
        // null also while live when no trunk has a report or no queue had a caller in the window
        put(n, "trunk_mes_min", s.live() ? minMes : null);
        put(n, "queue_service_level_min", s.live() ? minSl : null);
        n.put("quality_rtcp_seen", s.quality().rtcpSeen() ? 1 : 0);
        n.put("quality_hint", s.quality().permissionHint() == null ? "" : s.quality().permissionHint());
    }

    /** Adds the quality fields to a trunk endpoint's detail row (tenant-less figures only). */
    static void trunk(ObjectNode o, PbxSnapshot s, String name) {
        TrunkQuality q = null;
        for (TrunkQuality t : s.quality().trunks()) {
            if (t.tenant() == null && t.trunk().equals(name)) {
                q = t;
            }
        }
        put(o, "mes", q == null ? null : q.mes());
        o.put("poor_calls", q == null ? 0 : q.poorCalls());
        TrunkQuality.Kpis h = q == null ? TrunkQuality.Kpis.NONE : q.last1h();
        TrunkQuality.Kpis m = q == null ? TrunkQuality.Kpis.NONE : q.last5m();
        o.put("attempts_1h", h.attempts());
        put(o, "asr_1h", h.asr());
        put(o, "ner_1h", h.ner());
        put(o, "acd_1h_seconds", h.acdSeconds());
        put(o, "asr_5m", m.asr());
    }

    /** Adds outcomes, service level and average waits to a queue's detail row (tenant-less figures only). */
    static void queue(ObjectNode o, PbxSnapshot s, String name) {
        QueueService q = null;
        for (QueueService x : s.quality().queues()) {
            if (x.tenant() == null && x.queue().equals(name)) {
                q = x;
            }
        }
        for (String outcome : List.of("answered", "abandoned", "timeout", "transferred")) {
            o.put("calls_" + outcome, q == null ? 0 : q.outcomes().getOrDefault(outcome, 0L));
        }
        put(o, "service_level", q == null ? null : first(q.serviceLevel()));
        if (q != null) {
            for (Map.Entry<String, Double> e : q.serviceLevel().entrySet()) {
                o.put("service_level_" + e.getKey() + "s", e.getValue());
            }
        }
        put(o, "avg_answer_wait_seconds", q == null ? null : mean(q.answerWait()));
        put(o, "avg_abandon_wait_seconds", q == null ? null : mean(q.abandonWait()));
    }

    /** The service level at the first (lowest) configured threshold, null when unknown. */
    private static Double first(Map<String, Double> sl) {
        return sl.entrySet().stream().min((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())))
                .map(Map.Entry::getValue).orElse(null);
    }

    private static Double mean(Histogram h) {
        return h.count() == 0 ? null : h.sum() / h.count();
    }

    private static void put(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(v * 10_000) / 10_000.0);
        }
    }
}
