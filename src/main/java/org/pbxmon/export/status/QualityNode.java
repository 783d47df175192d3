package org.pbxmon.export.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.Histogram;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueService;
import org.pbxmon.model.TrunkQuality;

/**
 * {@code app.pbx.<name>.quality}: which trunk sounds bad now, each carrier's ASR, NER and ACD over
 * the last 5 minutes and hour, each queue's service level, and what to change in manager.conf when
 * RTCP never arrives. Unknown figures are null, never 0. Trunks and queues are keyed by name, or
 * {@code tenant/name} when tenant rules are configured.
 */
final class QualityNode {
    private QualityNode() {
    }

    static void render(ObjectNode pn, PbxSnapshot s) {
        if (!s.live()) {
            pn.putNull("quality");
            return;
        }
        CallQuality q = s.quality();
        ObjectNode n = pn.putObject("quality");
        n.put("poor_mes", q.poorMes());
        n.put("rtcp_seen", q.rtcpSeen());
        n.put("rtpaudioqos_seen", q.qosSeen());
        n.put("hint", q.permissionHint() == null ? "<nil>" : q.permissionHint());
        ObjectNode trunks = n.putObject("trunks");
        for (TrunkQuality t : q.trunks()) {
            ObjectNode tn = trunks.putObject(key(t.tenant(), t.trunk()));
            now(tn, t, q.rtcpSeen());
            kpis(tn.putObject("last_5m"), t.last5m());
            kpis(tn.putObject("last_1h"), t.last1h());
        }
        ObjectNode queues = n.putObject("queues");
        for (QueueService qs : q.queues()) {
            ObjectNode qn = queues.putObject(key(qs.tenant(), qs.queue()));
            qs.outcomes().forEach(qn::put);
            ObjectNode sl = qn.putObject("service_level");
            sl.put("window", q.window());
            sl.put("offered", qs.windowOffered());
            ObjectNode ratios = sl.putObject("answered_within");
            for (Map.Entry<String, Double> e : qs.serviceLevel().entrySet()) {
                ratios.put(e.getKey() + "s", round(e.getValue()));
            }
            mean(qn, "avg_answer_wait_seconds", qs.answerWait());
            mean(qn, "avg_abandon_wait_seconds", qs.abandonWait());
        }
    }

    /** The live figures of a trunk, also shown in {@code trunks.list.<tech/name>}. */
    static void now(ObjectNode tn, TrunkQuality t, boolean rtcpSeen) {
        tn.put("active_calls", t.activeLegs());
        tn.put("reported_calls", t.reportedLegs());
        if (t.mes() == null) {
            tn.putNull("mes");
        } else {
            tn.put("mes", round(t.mes()));
        }
        tn.put("poor_calls", t.poorCalls());
        if (t.activeLegs() > 0 && !rtcpSeen) {
            tn.put("rtcp", "no RTCP event seen while calls were up: see quality.hint");
        }
    }

    static void kpis(ObjectNode n, TrunkQuality.Kpis k) {
        n.put("attempts", k.attempts());
        n.put("answered", k.answered());
        ratio(n, "asr", k.asr());
        ratio(n, "ner", k.ner());
        ratio(n, "acd_seconds", k.acdSeconds());
    }

    private static void ratio(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, round(v));
        }
    }

    private static void mean(ObjectNode n, String key, Histogram h) {
        long c = h.count();
        ratio(n, key, c == 0 ? null : h.sum() / c);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String key(String tenant, String name) {
        return tenant == null ? name : tenant + "/" + name;
    }
}
