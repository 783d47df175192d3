package org.pbxmon.source.ami;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.CallStats;

/**
 * Live channels, calls and bridges. A call is a Linkedid: every channel of one call (both legs, and
 * the Local channel pairs that queues and dial plans create) shares it, so a call counts once
 * however many channels it has. Not thread-safe: {@link PbxState} guards it.
 */
final class ChannelTracker {

    /** One CoreShowChannel row. */
    record Row(String uniqueId, String channel, String linkedId, long ageSeconds, String bridgeId, String callerId,
            String exten, String state) {
        Row(String uniqueId, String channel, String linkedId, long ageSeconds, String bridgeId) {
            this(uniqueId, channel, linkedId, ageSeconds, bridgeId, null, null, null);
        }
    }

    private static final class Chan {
        final String name;
        final String linkedId;
        final long createdMs;
        String bridgeId;
        String callerId = "";
        String exten = "";
        String state = "";

        Chan(String name, String linkedId, long createdMs) {
            this.name = name;
            this.linkedId = linkedId;
            this.createdMs = createdMs;
        }
    }

    private static final class Call {
        int channels;
        final long startMs;

        Call(long startMs) {
            this.startMs = startMs;
        }
    }

    private final Map<String, Chan> channels = new HashMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Integer> bridges = new HashMap<>();
    private long callsEnded;
    private long lastEndMs;

    void newChannel(String uniqueId, String channel, String linkedId, long nowMs) {
        newChannel(uniqueId, channel, linkedId, null, null, null, nowMs);
    }

    void newChannel(String uniqueId, String channel, String linkedId, String callerId, String exten, String state,
            long nowMs) {
        if (uniqueId == null || channels.containsKey(uniqueId)) {
            return;
        }
        String linked = linkedId == null || linkedId.isEmpty() ? uniqueId : linkedId;
        Chan ch = new Chan(channel == null ? "" : channel, linked, nowMs);
        ch.callerId = callerId == null ? "" : callerId;
        ch.exten = exten == null ? "" : exten;
        ch.state = state == null ? "" : state;
        channels.put(uniqueId, ch);
        calls.computeIfAbsent(linked, k -> new Call(nowMs)).channels++;
    }

    void hangup(String uniqueId, long nowMs) {
        Chan c = channels.remove(uniqueId);
        if (c == null) {
            return;
        }
        leaveBridge(c);
        Call call = calls.get(c.linkedId);
        if (call != null && --call.channels <= 0) {
            calls.remove(c.linkedId);
            callsEnded++;
            lastEndMs = nowMs;
        }
    }

    void bridgeEnter(String bridgeId, String uniqueId) {
        Chan c = channels.get(uniqueId);
        if (c == null || bridgeId == null || bridgeId.equals(c.bridgeId)) {
            return;
        }
        leaveBridge(c);
        c.bridgeId = bridgeId;
        bridges.merge(bridgeId, 1, Integer::sum);
    }

    void bridgeLeave(String uniqueId) {
        Chan c = channels.get(uniqueId);
        if (c != null) {
            leaveBridge(c);
        }
    }

    private void leaveBridge(Chan c) {
        if (c.bridgeId != null) {
            bridges.computeIfPresent(c.bridgeId, (k, n) -> n <= 1 ? null : n - 1);
            c.bridgeId = null;
        }
    }

    /**
     * Replace everything with a CoreShowChannels listing. Calls that vanished while we were not
     * looking count as ended.
     */
    void replace(List<Row> rows, long nowMs) {
        Map<String, Call> before = new HashMap<>(calls);
        channels.clear();
        calls.clear();
        bridges.clear();
        for (Row r : rows) {
            long start = nowMs - r.ageSeconds() * 1000;
            String linked = r.linkedId() == null || r.linkedId().isEmpty() ? r.uniqueId() : r.linkedId();
            Chan c = new Chan(r.channel(), linked, start);
            c.callerId = r.callerId() == null ? "" : r.callerId();
            c.exten = r.exten() == null ? "" : r.exten();
            c.state = r.state() == null ? "" : r.state();
            channels.put(r.uniqueId(), c);
            Call prev = before.get(linked);
            Call call = calls.computeIfAbsent(linked, k -> new Call(prev != null ? Math.min(prev.startMs, start) : start));
            call.channels++;
            if (r.bridgeId() != null && !r.bridgeId().isEmpty()) {
                c.bridgeId = r.bridgeId();
                bridges.merge(r.bridgeId(), 1, Integer::sum);
            }
        }
        for (String linked : before.keySet()) {
            if (!calls.containsKey(linked)) {
                callsEnded++;
                lastEndMs = nowMs;
            }
        }
    }

    /** Newstate: the channel's state label changed. */
    void state(String uniqueId, String state) {
        Chan c = channels.get(uniqueId);
        if (c != null && state != null) {
            c.state = state;
        }
    }

    /** Every live channel, oldest first. */
    List<org.pbxmon.model.ActiveChannel> active() {
        List<org.pbxmon.model.ActiveChannel> out = new java.util.ArrayList<>(channels.size());
        channels.forEach((id, c) -> out.add(new org.pbxmon.model.ActiveChannel(id, c.name, c.linkedId, c.callerId,
                c.exten, c.state, c.createdMs, c.bridgeId == null ? "" : c.bridgeId)));
        out.sort(java.util.Comparator.comparingLong(org.pbxmon.model.ActiveChannel::createdEpochMs)
                .thenComparing(org.pbxmon.model.ActiveChannel::uniqueId));
        return out;
    }

    CallStats stats(long nowMs, long stuckAfterMs) {
        long oldest = Long.MAX_VALUE;
        int stuck = 0;
        for (Call c : calls.values()) {
            oldest = Math.min(oldest, c.startMs);
            if (nowMs - c.startMs > stuckAfterMs) {
                stuck++;
            }
        }
        double longest = oldest == Long.MAX_VALUE ? 0 : Math.max(0, (nowMs - oldest) / 1000.0);
        return new CallStats(channels.size(), calls.size(), longest, stuck, bridges.size(), callsEnded, lastEndMs);
    }

    /** Live channels per device ("PJSIP/carrier", "IAX2/carrier-iax"); Local channels are not devices. */
    Map<String, Integer> channelsByDevice() {
        Map<String, Integer> out = new HashMap<>();
        for (Chan c : channels.values()) {
            String device = device(c.name);
            if (device != null) {
                out.merge(device, 1, Integer::sum);
            }
        }
        return out;
    }

    /** "PJSIP/carrier-0000001a" to "PJSIP/carrier"; null for Local and other non-device channels. */
    static String device(String channel) {
        return org.pbxmon.source.ami.calls.CallTracker.device(channel);
    }
}
