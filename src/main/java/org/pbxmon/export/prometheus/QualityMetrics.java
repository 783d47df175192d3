package org.pbxmon.export.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.CallSeries;
import org.pbxmon.model.Histogram;
import org.pbxmon.model.LegKey;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueService;
import org.pbxmon.model.TrunkQuality;

/**
 * Call quality, traffic KPIs and queue service of one live PBX. Series carry {@code tenant} only
 * when tenant rules are configured. Extensions are one label set ({@code kind="extension"},
 * {@code trunk=""}), never one series per extension.
 */
final class QualityMetrics {
    private QualityMetrics() {
    }

    static void render(Families f, PbxSnapshot s) {
        CallQuality q = s.quality();
        String pbx = s.name();
        for (CallSeries c : q.series()) {
            String[] l = legLabels(pbx, c.key());
            for (Map.Entry<String, Long> a : c.attempts().entrySet()) {
                f.counter("asterisk_call_attempts", "Call legs that ended, by trunk (kind=\"extension\": all extensions), "
                        + "direction and disposition (answered, busy, no_answer, congestion, failed, cancelled, rejected).",
                        a.getValue(), with(l, "disposition", a.getKey()));
            }
            for (Map.Entry<String, Long> a : new TreeMap<>(c.causes()).entrySet()) {
                f.counter("asterisk_hangup_causes", "Ended call legs by Q.850 hangup cause name (other: a code outside the table).",
                        a.getValue(), with(l, "cause", a.getKey()));
            }
            f.histogram("asterisk_call_duration_seconds", "Talk time of answered call legs, answer to hangup.",
                    c.duration(), l);
            stream(f, "asterisk_call_mes", "Media Experience Score (0-100) of ended calls, per stream: rx is the audio "
                    + "the PBX received, tx the audio it sent (as the far end reported).", c.mesRx(), c.mesTx(), l);
            stream(f, "asterisk_call_jitter_seconds", "Interarrival jitter of ended calls, per stream.", c.jitterRx(),
                    c.jitterTx(), l);
            stream(f, "asterisk_call_packet_loss_ratio", "Share of RTP packets lost (0-1) in ended calls, per stream.",
                    c.lossRx(), c.lossTx(), l);
            if (c.rtt().count() > 0) {
                f.histogram("asterisk_call_rtt_seconds", "RTCP round-trip time of ended calls.", c.rtt(), l);
            }
            f.counter("asterisk_call_quality_missing", "Answered call legs that ended without any RTCP measurement "
                    + "(not scored, never counted as perfect).", c.qualityMissing(), l);
        }
        for (TrunkQuality t : q.trunks()) {
            String[] l = tenant(t.tenant(), "pbx", pbx, "trunk", t.trunk());
            if (t.mes() != null) {
                f.gauge("asterisk_trunk_mes", "Mean MES of the trunk's live calls' latest RTCP reports (each call scored "
                        + "by its worse stream); absent when no live call has a report.", t.mes(), l);
            }
            f.gauge("asterisk_calls_poor_quality", "Live calls on the trunk whose latest MES is under quality.poor_mes.",
                    t.poorCalls(), l);
        }
        for (QueueService qs : q.queues()) {
            String[] l = tenant(qs.tenant(), "pbx", pbx, "queue", qs.queue());
            for (Map.Entry<String, Long> o : qs.outcomes().entrySet()) {
                f.counter("asterisk_queue_calls", "Queue callers by outcome: answered, abandoned, timeout (left "
                        + "unanswered), transferred (answered calls the agent transferred, also counted as answered).",
                        o.getValue(), with(l, "outcome", o.getKey()));
            }
            f.histogram("asterisk_queue_answer_wait_seconds", "Wait in the queue before an agent answered (speed of answer).",
                    qs.answerWait(), l);
            f.histogram("asterisk_queue_abandon_wait_seconds", "Wait in the queue before the caller hung up.",
                    qs.abandonWait(), l);
            for (Map.Entry<String, Double> sl : new TreeMap<>(qs.serviceLevel()).entrySet()) {
                f.gauge("asterisk_queue_service_level_ratio", "Share of the queue's callers of the last "
                        + "quality.service_level_window answered within threshold seconds (answered within / "
                        + "answered + abandoned + timeout); absent when the window had no caller.", sl.getValue(),
                        with(l, "threshold", sl.getKey()));
            }
        }
        if (q.tenantsOverflowed() > 0) {
            f.counter("pbxmon_tenants_overflowed", "Calls whose tenant was over quality.tenant_limit and counted as other.",
                    q.tenantsOverflowed(), "pbx", pbx);
        }
    }

    private static void stream(Families f, String name, String help, Histogram rx, Histogram tx, String[] l) {
        if (rx.count() > 0) {
            f.histogram(name, help, rx, with(l, "stream", "rx"));
        }
        if (tx.count() > 0) {
            f.histogram(name, help, tx, with(l, "stream", "tx"));
        }
    }

    private static String[] legLabels(String pbx, LegKey k) {
        return tenant(k.tenant(), "pbx", pbx, "kind", k.kind(), "trunk", k.trunk(), "direction", k.direction());
    }

    private static String[] tenant(String tenant, String... labels) {
        return tenant == null ? labels : with(labels, "tenant", tenant);
    }

    private static String[] with(String[] labels, String name, String value) {
        List<String> out = new ArrayList<>(List.of(labels));
        out.add(name);
        out.add(value);
        return out.toArray(new String[0]);
    }
}
