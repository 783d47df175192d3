package org.pbxmon.sim;

/** QueueStatus (QueueParams / QueueMember / QueueEntry) and QueueSummary. ActionID goes last. Lock held. */
final class QueueRenderer {
    private QueueRenderer() {
    }

    static String queueStatus(WorldState st, String id, String queueFilter, String memberFilter) {
        StringBuilder sb = new StringBuilder(512 + st.queues.size() * 900);
        Ami.listStart(sb, id, "Queue status will follow");
        long now = st.now();
        int items = 0;
        for (SimQueue q : st.queues.values()) {
            if (!matches(queueFilter, q.name)) {
                continue;
            }
            Ami.kv(sb, "Event", "QueueParams");
            Ami.kv(sb, "Queue", q.name);
            Ami.kv(sb, "Max", 0);
            Ami.kv(sb, "Strategy", q.strategy);
            Ami.kv(sb, "Calls", q.callers.size());
            Ami.kv(sb, "Holdtime", q.holdtime);
            Ami.kv(sb, "TalkTime", q.talktime);
            Ami.kv(sb, "Completed", q.completed);
            Ami.kv(sb, "Abandoned", q.abandoned);
            Ami.kv(sb, "ServiceLevel", 0);
            String perf = q.completed > 0 ? "100.0" : "0.0";
            Ami.kv(sb, "ServicelevelPerf", perf);
            Ami.kv(sb, "ServicelevelPerf2", perf);
            Ami.kv(sb, "Weight", 0);
            end(sb, id);
            items++;
            for (SimQueue.Member m : q.members) {
                if (memberFilter != null && !memberFilter.isEmpty()
                        && !memberFilter.equals(m.location) && !memberFilter.equals(m.name)) {
                    continue;
                }
                Ami.kv(sb, "Event", "QueueMember");
                Ami.kv(sb, "Queue", q.name);
                Ami.kv(sb, "Name", m.name);
                Ami.kv(sb, "Location", m.location);
                Ami.kv(sb, "StateInterface", m.stateInterface);
                Ami.kv(sb, "Membership", "static");
                Ami.kv(sb, "Penalty", 0);
                Ami.kv(sb, "CallsTaken", m.callsTaken);
                Ami.kv(sb, "LastCall", m.lastCall);
                Ami.kv(sb, "LastPause", m.lastPause);
                Ami.kv(sb, "LoginTime", m.loginTime);
                Ami.kv(sb, "InCall", m.inCall);
                Ami.kv(sb, "Status", m.status);
                Ami.kv(sb, "Paused", m.paused ? 1 : 0);
                Ami.kv(sb, "PausedReason", m.pausedReason);
                Ami.kv(sb, "Wrapuptime", 0);
                end(sb, id);
                items++;
            }
            int pos = 1;
            for (SimQueue.Caller c : q.callers) {
                Ami.kv(sb, "Event", "QueueEntry");
                Ami.kv(sb, "Queue", q.name);
                Ami.kv(sb, "Position", pos++);
                Ami.kv(sb, "Channel", c.chan.name);
                Ami.kv(sb, "Uniqueid", c.chan.uniqueid);
                Ami.kv(sb, "CallerIDNum", c.chan.callerNum);
                Ami.kv(sb, "CallerIDName", c.chan.callerName);
                Ami.kv(sb, "ConnectedLineNum", c.chan.connNum);
                Ami.kv(sb, "ConnectedLineName", c.chan.connName);
                Ami.kv(sb, "Wait", Math.max(0, (now - c.joinMillis) / 1000));
                Ami.kv(sb, "Priority", 0);
                end(sb, id);
                items++;
            }
        }
        Ami.listComplete(sb, "QueueStatusComplete", id, items);
        return sb.append("\r\n").toString();
    }

    static String queueSummary(WorldState st, String id, String queueFilter) {
        StringBuilder sb = new StringBuilder(256 + st.queues.size() * 200);
        Ami.listStart(sb, id, "Queue summary will follow");
        long now = st.now();
        int items = 0;
        for (SimQueue q : st.queues.values()) {
            if (!matches(queueFilter, q.name)) {
                continue;
            }
            long longest = 0;
            for (SimQueue.Caller c : q.callers) {
                longest = Math.max(longest, (now - c.joinMillis) / 1000);
            }
            Ami.kv(sb, "Event", "QueueSummary");
            Ami.kv(sb, "Queue", q.name);
            Ami.kv(sb, "LoggedIn", q.loggedIn());
            Ami.kv(sb, "Available", q.available());
            Ami.kv(sb, "Callers", q.callers.size());
            Ami.kv(sb, "HoldTime", q.holdtime);
            Ami.kv(sb, "TalkTime", q.talktime);
            Ami.kv(sb, "LongestHoldTime", longest);
            end(sb, id);
            items++;
        }
        Ami.listComplete(sb, "QueueSummaryComplete", id, items);
        return sb.append("\r\n").toString();
    }

    private static boolean matches(String filter, String name) {
        return filter == null || filter.isEmpty() || filter.equals(name);
    }

    private static void end(StringBuilder sb, String id) {
        Ami.actionId(sb, id);
        sb.append("\r\n");
    }
}
