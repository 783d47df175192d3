package org.pbxmon.source.ami.calls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.pbxmon.config.QualityConfig;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.CallSeries;
import org.pbxmon.model.LegKey;
import org.pbxmon.model.TrunkQuality;
import org.pbxmon.source.ami.quality.Disposition;
import org.pbxmon.source.ami.quality.Q850;
import org.pbxmon.source.ami.quality.RtcpReport;
import org.pbxmon.source.ami.quality.RtcpReportParser;
import org.pbxmon.source.ami.quality.RtpQos;

/**
 * Per-leg call attribution, quality at call end and now, traffic KPIs and queue service of one PBX.
 * Fed by the AMI event thread (inside the state lock), read by the publisher. Not thread-safe.
 *
 * <p>A <b>leg</b> is a PJSIP, IAX2 or SIP channel; Local channels are not legs. A leg belongs to
 * the trunk its device is (an endpoint the classifier calls a trunk), else to the extensions
 * together ({@code kind="extension"}, no per-extension series). Its direction is {@code outbound}
 * when it was dialled (it is the {@code DestUniqueid} of a {@code DialBegin}, which Dial, Queue and
 * Originate all send) and {@code inbound} otherwise (it originated the call). Because the verdict is
 * per leg and fixed by how the leg started, Local channel chains and transfers (which move legs
 * between bridges but never re-dial them) do not change it.
 */
public final class CallTracker {
    static final int KPI_FIELDS = 4; // attempts, answered, effective, talk seconds
    private static final int MAX_LEGS = 200_000;
    private static final long HINT_AFTER_MS = 15_000;

    private final QualityConfig cfg;
    private final String amiUser;
    private final Tenants tenants;
    private final QueueServiceTracker queues;
    private final Map<String, Leg> legs = new HashMap<>();
    private final Map<LegKey, SeriesAcc> series = new TreeMap<>();
    private final Map<LegKey, Slots> kpis = new HashMap<>();
    private final Map<String, String> channelTenants = new HashMap<>();
    private boolean rtcpSeen;
    private boolean qosSeen;
    private boolean mediaLegLasted;

    public CallTracker(QualityConfig cfg, String amiUser) {
        this.cfg = cfg == null ? QualityConfig.DEFAULTS : cfg;
        this.amiUser = amiUser == null ? "pbxmon" : amiUser;
        this.tenants = new Tenants(this.cfg.tenants(), this.cfg.tenantLimit());
        this.queues = new QueueServiceTracker(this.cfg.serviceLevelThresholds(), this.cfg.serviceLevelWindow(), tenants);
    }

    /** Newchannel: a PJSIP/IAX2/SIP channel becomes a leg; state 6 (Up) means it is answered already. */
    public void newChannel(String uniqueId, String channel, String linkedId, String context, String accountCode,
            Integer channelState, long nowMs) {
        if (uniqueId == null || channel == null) {
            return;
        }
        String tenant = tenants.ofChannel(channel, context, accountCode);
        if (tenant != null && channelTenants.size() < MAX_LEGS) {
            channelTenants.put(uniqueId, tenant); // Local channels too: a queue caller is often one
        }
        String device = device(channel);
        if (device == null || legs.containsKey(uniqueId) || legs.size() >= MAX_LEGS) {
            return;
        }
        Leg leg = new Leg(uniqueId, linkedId == null || linkedId.isEmpty() ? uniqueId : linkedId, device, tenant, nowMs);
        if (channelState != null && channelState == 6) {
            leg.answer(nowMs);
        }
        legs.put(uniqueId, leg);
    }

    /** DialBegin: the destination leg was dialled, so it is outbound. */
    public void dialBegin(String destUniqueId) {
        Leg l = destUniqueId == null ? null : legs.get(destUniqueId);
        if (l != null) {
            l.dialled = true;
        }
    }

    /** DialEnd: the destination leg's final DialStatus. */
    public void dialEnd(String destUniqueId, String dialStatus, long nowMs) {
        Leg l = destUniqueId == null ? null : legs.get(destUniqueId);
        if (l != null && dialStatus != null && !dialStatus.isBlank()) {
            l.dialStatus = dialStatus.trim();
            if (l.dialStatus.equalsIgnoreCase("ANSWER")) {
                l.answer(nowMs);
            }
        }
    }

    /** Newstate: Up (6) answers the leg. */
    public void newState(String uniqueId, Integer channelState, long nowMs) {
        Leg l = uniqueId == null ? null : legs.get(uniqueId);
        if (l != null && channelState != null && channelState == 6) {
            l.answer(nowMs);
        }
    }

    /** VarSet RTPAUDIOQOS: the leg's per-call RTP summary (set just before its Hangup). */
    public void qos(String uniqueId, RtpQos qos) {
        qosSeen = true;
        Leg l = uniqueId == null ? null : legs.get(uniqueId);
        if (l != null && qos != null && !qos.isEmpty()) {
            l.qos = qos;
        }
    }

    /** RTCPSent / RTCPReceived during a call. */
    public void rtcp(RtcpReport r) {
        rtcpSeen = true;
        Leg l = r.uniqueid() == null ? null : legs.get(r.uniqueid());
        if (l != null) {
            l.report(r);
        }
    }

    /** The same from the lean sample of the hot path ({@link RtcpReportParser#sample}). */
    public void rtcp(RtcpReportParser.Sample r) {
        rtcpSeen = true;
        Leg l = r.uniqueid() == null ? null : legs.get(r.uniqueid());
        if (l != null) {
            l.report(r.sent(), r.mes(), r.block(), r.fractionLost(), r.jitterSeconds(), r.rttSeconds());
        }
    }

    /**
     * Hangup of any channel: a leg ends, counted under its trunk (by {@code trunkOf}: device to trunk
     * name, null for an extension) with its disposition, cause, talk time and quality.
     */
    public void hangup(String uniqueId, Integer cause, long nowMs, Function<String, String> trunkOf) {
        if (uniqueId == null) {
            return;
        }
        queues.channelGone(uniqueId, nowMs);
        channelTenants.remove(uniqueId);
        Leg l = legs.remove(uniqueId);
        if (l == null) {
            return;
        }
        int code = cause == null ? -1 : cause;
        if (!l.answered() && l.qos != null && l.qos.rxCount().orElse(0) > 0) {
            l.answer(l.createdMs); // media flowed, so it was answered even if we missed the Newstate
        }
        Disposition d = l.answered() ? Disposition.ANSWERED
                : l.dialStatus != null ? Disposition.of(l.dialStatus, code) : Disposition.ofHangup(false, code);
        LegKey key = key(l, trunkOf);
        SeriesAcc s = series.computeIfAbsent(key, SeriesAcc::new);
        s.attempts.merge(d, 1L, Long::sum);
        s.causes.merge(code < 0 ? Q850.OTHER : Q850.name(code), 1L, Long::sum);
        double talk = 0;
        if (l.answered()) {
            talk = Math.max(0, (nowMs - l.answeredMs) / 1000.0);
            s.duration.observe(talk, l.linkedId, nowMs);
            if (!LegQuality.observe(l, s, nowMs)) {
                s.qualityMissing++;
            }
            if (nowMs - l.answeredMs >= HINT_AFTER_MS) {
                mediaLegLasted = true;
            }
        }
        s.changed();
        Slots k = kpis.computeIfAbsent(key, x -> new Slots(60, KPI_FIELDS));
        k.add(nowMs, 0, 1);
        if (d == Disposition.ANSWERED) {
            k.add(nowMs, 1, 1);
            k.add(nowMs, 3, talk);
        }
        if (d == Disposition.ANSWERED || d == Disposition.BUSY || d == Disposition.NO_ANSWER
                || d == Disposition.REJECTED) {
            k.add(nowMs, 2, 1);
        }
    }

    public void queueJoin(String queue, String uniqueId, long nowMs) {
        queues.join(queue, uniqueId, channelTenants.get(uniqueId), nowMs);
    }

    public void queueLeave(String queue, String uniqueId, long nowMs) {
        queues.leave(queue, uniqueId, nowMs);
    }

    public void queueAbandon(String queue, String uniqueId, Double holdSeconds, long nowMs) {
        queues.abandon(queue, uniqueId, channelTenants.get(uniqueId), holdSeconds, nowMs);
    }

    public void agentConnect(String queue, String uniqueId, String linkedId, Double holdSeconds, long nowMs) {
        queues.connect(queue, uniqueId, linkedId, channelTenants.get(uniqueId), holdSeconds, nowMs);
    }

    public void agentComplete(String queue, String uniqueId, String reason) {
        queues.complete(queue, uniqueId, channelTenants.get(uniqueId), reason);
    }

    /** After a CoreShowChannels resync: forget legs and callers whose channels are gone (uncounted: their end was not seen). */
    public void retain(Set<String> liveUniqueIds, long nowMs) {
        legs.keySet().retainAll(liveUniqueIds);
        channelTenants.keySet().retainAll(liveUniqueIds);
        queues.retain(liveUniqueIds, nowMs);
    }

    /** The immutable view; {@code knownQueues} get zero series before their first caller. */
    public CallQuality snapshot(long nowMs, Function<String, String> trunkOf, Collection<String> knownQueues) {
        queues.expire(nowMs);
        for (String q : knownQueues) {
            queues.known(q);
        }
        List<CallSeries> out = new ArrayList<>(series.size());
        for (SeriesAcc s : series.values()) {
            out.add(s.snapshot());
        }
        return new CallQuality(out, trunks(nowMs, trunkOf), queues.snapshot(nowMs), rtcpSeen, qosSeen,
                hint(nowMs), tenants.overflowed(), cfg.poorMes(), queues.windowLabel());
    }

    private List<TrunkQuality> trunks(long nowMs, Function<String, String> trunkOf) {
        record Live(int[] counts, double[] mes) {
        }
        Map<LegKey, Live> live = new TreeMap<>();
        for (Leg l : legs.values()) {
            LegKey k = key(l, trunkOf);
            if (!k.kind().equals("trunk")) {
                continue;
            }
            Live v = live.computeIfAbsent(new LegKey(k.tenant(), "trunk", k.trunk(), ""),
                    x -> new Live(new int[3], new double[1]));
            v.counts()[0]++;
            double m = l.mesNow();
            if (!Double.isNaN(m)) {
                v.counts()[1]++;
                v.mes()[0] += m;
                if (m < cfg.poorMes()) {
                    v.counts()[2]++;
                }
            }
        }
        Map<LegKey, TrunkQuality.Kpis[]> windows = new TreeMap<>();
        for (Map.Entry<LegKey, Slots> e : kpis.entrySet()) {
            LegKey k = e.getKey();
            if (!k.kind().equals("trunk")) {
                continue;
            }
            TrunkQuality.Kpis[] w = windows.computeIfAbsent(new LegKey(k.tenant(), "trunk", k.trunk(), ""),
                    x -> new TrunkQuality.Kpis[] {TrunkQuality.Kpis.NONE, TrunkQuality.Kpis.NONE});
            w[0] = plus(w[0], e.getValue(), nowMs, 5);
            w[1] = plus(w[1], e.getValue(), nowMs, 60);
        }
        java.util.SortedSet<LegKey> keys = new java.util.TreeSet<>(live.keySet());
        keys.addAll(windows.keySet());
        List<TrunkQuality> out = new ArrayList<>(keys.size());
        for (LegKey k : keys) {
            Live v = live.get(k);
            TrunkQuality.Kpis[] w = windows.getOrDefault(k, new TrunkQuality.Kpis[] {TrunkQuality.Kpis.NONE,
                    TrunkQuality.Kpis.NONE});
            int active = v == null ? 0 : v.counts()[0];
            int reported = v == null ? 0 : v.counts()[1];
            out.add(new TrunkQuality(k.tenant(), k.trunk(), active, reported, reported == 0 ? null : v.mes()[0] / reported,
                    v == null ? 0 : v.counts()[2], w[0], w[1]));
        }
        return out;
    }

    private static TrunkQuality.Kpis plus(TrunkQuality.Kpis a, Slots s, long nowMs, int minutes) {
        return new TrunkQuality.Kpis(a.attempts() + (long) s.sum(nowMs, minutes, 0),
                a.answered() + (long) s.sum(nowMs, minutes, 1), a.effective() + (long) s.sum(nowMs, minutes, 2),
                a.talkSeconds() + s.sum(nowMs, minutes, 3));
    }

    private String hint(long nowMs) {
        boolean lasted = mediaLegLasted;
        if (!lasted) {
            for (Leg l : legs.values()) {
                if (l.answered() && nowMs - l.answeredMs >= HINT_AFTER_MS) {
                    lasted = true;
                    break;
                }
            }
        }
        if (!lasted || rtcpSeen && qosSeen) {
            return null;
        }
        if (!rtcpSeen && !qosSeen) {
            return "calls were up but no RTCPSent, RTCPReceived or RTPAUDIOQOS event arrived: in manager.conf, add "
                    + "reporting and dialplan to read= for [" + amiUser + "] (e.g. read = system,call,agent,reporting,"
                    + "dialplan), keep VarSet RTPAUDIOQOS* through any eventfilter, then run: manager reload";
        }
        if (!rtcpSeen) {
            return "calls were up but no RTCPSent or RTCPReceived event arrived: in manager.conf, add reporting to "
                    + "read= for [" + amiUser + "] (e.g. read = system,call,agent,reporting,dialplan), then run: manager reload";
        }
        return "calls ended but no RTPAUDIOQOS variable arrived: in manager.conf, add dialplan to read= for ["
                + amiUser + "] and keep VarSet RTPAUDIOQOS* through any eventfilter, then run: manager reload";
    }

    private LegKey key(Leg l, Function<String, String> trunkOf) {
        String trunk = trunkOf == null ? null : trunkOf.apply(l.device);
        return new LegKey(l.tenant, trunk == null ? "extension" : "trunk", trunk == null ? "" : trunk,
                l.dialled ? "outbound" : "inbound");
    }

    /** "PJSIP/carrier-00000001" to "PJSIP/carrier"; null for Local and other non-media channels. */
    public static String device(String channel) {
        int slash = channel.indexOf('/');
        int dash = channel.lastIndexOf('-');
        if (slash <= 0 || dash <= slash + 1) {
            return null;
        }
        String tech = channel.substring(0, slash);
        if (!tech.equals("PJSIP") && !tech.equals("IAX2") && !tech.equals("SIP")) {
            return null;
        }
        return channel.substring(0, dash);
    }

    /** Live legs tracked (bounded by the live channels). */
    public int legCount() {
        return legs.size();
    }
}
