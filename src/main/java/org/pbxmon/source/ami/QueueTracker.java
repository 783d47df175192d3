package org.pbxmon.source.ami;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.QueueState;

/** Live queues: members with their state, and waiting callers. Not thread-safe. */
final class QueueTracker {

    record MemberRow(String queue, String iface, Integer status, boolean paused) {
    }

    record EntryRow(String queue, String uniqueId, long waitSeconds) {
    }

    private record Member(Integer status, boolean paused) {
    }

    private static final class Queue {
        final Map<String, Member> members = new LinkedHashMap<>();
        final Map<String, Long> callers = new HashMap<>();
    }

    private final Map<String, Queue> queues = new TreeMap<>();

    void replace(List<String> names, List<MemberRow> members, List<EntryRow> entries, long nowMs) {
        queues.clear();
        for (String n : names) {
            queues.put(n, new Queue());
        }
        for (MemberRow m : members) {
            queues.computeIfAbsent(m.queue(), k -> new Queue()).members.put(m.iface(), new Member(m.status(), m.paused()));
        }
        for (EntryRow e : entries) {
            queues.computeIfAbsent(e.queue(), k -> new Queue()).callers.put(e.uniqueId(), nowMs - e.waitSeconds() * 1000);
        }
    }

    void callerJoin(String queue, String uniqueId, long nowMs) {
        queues.computeIfAbsent(queue, k -> new Queue()).callers.putIfAbsent(uniqueId, nowMs);
    }

    void callerLeave(String queue, String uniqueId) {
        if (queue == null) {
            return;
        }
        Queue q = queues.get(queue);
        if (q != null) {
            q.callers.remove(uniqueId);
        }
    }

    /** A caller hung up: it leaves every queue it waited in. */
    void channelGone(String uniqueId) {
        for (Queue q : queues.values()) {
            q.callers.remove(uniqueId);
        }
    }

    void member(String queue, String iface, Integer status, Boolean paused) {
        Queue q = queues.computeIfAbsent(queue, k -> new Queue());
        Member prev = q.members.get(iface);
        q.members.put(iface, new Member(status != null ? status : prev == null ? null : prev.status(),
                paused != null ? paused : prev != null && prev.paused()));
    }

    void memberRemoved(String queue, String iface) {
        if (queue == null) {
            return;
        }
        Queue q = queues.get(queue);
        if (q != null) {
            q.members.remove(iface);
        }
    }

    List<QueueState> snapshot(long nowMs) {
        List<QueueState> out = new ArrayList<>(queues.size());
        for (Map.Entry<String, Queue> e : queues.entrySet()) {
            Queue q = e.getValue();
            Map<String, Integer> byState = new TreeMap<>();
            for (Member m : q.members.values()) {
                byState.merge(PeerStatusParser.memberState(m.status(), m.paused()), 1, Integer::sum);
            }
            long oldest = q.callers.values().stream().mapToLong(Long::longValue).min().orElse(nowMs);
            out.add(new QueueState(e.getKey(), q.callers.size(), Math.max(0, (nowMs - oldest) / 1000.0), byState));
        }
        out.sort(Comparator.comparing(QueueState::name));
        return out;
    }
}
