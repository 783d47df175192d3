package org.pbxmon.sim;

/**
 * Queue callers and member states: QueueCallerJoin / Leave / Abandon, AgentConnect / AgentComplete and
 * QueueMemberStatus. Hold and talk times are whole seconds on the world clock. Lock held.
 */
final class QueueEngine {
    private final WorldState st;

    QueueEngine(WorldState st) {
        this.st = st;
    }

    private SimQueue queue(String name) {
        SimQueue q = st.queues.get(name);
        if (q == null) {
            throw new IllegalArgumentException("no such queue: " + name);
        }
        return q;
    }

    void join(String queue, SimCall call) {
        SimQueue q = queue(queue);
        if (call.ended) {
            throw new IllegalStateException("call already hung up: " + call.linkedId);
        }
        if (queue.equals(call.queue)) {
            return;
        }
        if (call.queue != null) {
            leave(call.queue, call);
        }
        Chan c = call.queueLeg;
        c.application = "Queue";
        c.appData = queue + ",r,,,20";
        int position = q.callers.size() + 1;
        q.callers.add(new SimQueue.Caller(call, c, st.now(), position));
        call.queue = queue;
        st.emit(ChanEvents.queueCallerJoin(c, queue, position, q.callers.size()));
    }

    void leave(String queue, SimCall call) {
        SimQueue q = queue(queue);
        SimQueue.Caller caller = q.caller(call);
        if (caller == null) {
            return;
        }
        int position = q.callers.indexOf(caller) + 1;
        q.callers.remove(caller);
        call.queue = null;
        if (call.answered) {
            long wait = Math.max(0, (st.now() - caller.joinMillis) / 1000);
            q.completed++;
            q.holdtime = (int) ((q.holdtime * (long) (q.completed - 1) + wait) / q.completed);
        }
        st.emit(ChanEvents.queueCallerLeave(caller.chan, queue, position, q.callers.size()));
    }

    /**
     * The queued call was answered by {@code dest}: QueueCallerLeave, then AgentConnect with the seconds
     * waited since QueueCallerJoin (as app_queue, before the bridge is made).
     */
    void connect(SimCall call, Chan dest) {
        SimQueue q = st.queues.get(call.queue);
        SimQueue.Caller caller = q == null ? null : q.caller(call);
        if (caller == null) {
            call.queue = null;
            return;
        }
        long now = st.now();
        int position = q.callers.indexOf(caller) + 1;
        long hold = Math.max(0, (now - caller.joinMillis) / 1000);
        q.callers.remove(caller);
        call.queue = null;
        q.completed++;
        q.holdtime = (int) ((q.holdtime * (long) (q.completed - 1) + hold) / q.completed);
        st.emit(ChanEvents.queueCallerLeave(caller.chan, q.name, position, q.callers.size()));
        SimQueue.Member m = dest.device == null ? null : q.member(dest.device);
        String iface = m != null ? m.location : dest.device != null ? dest.device : dest.name;
        String memberName = m != null ? m.name : iface;
        long ring = Math.min(hold, Math.max(0, (now - dest.createdMillis) / 1000));
        call.agent = new SimCall.Agent(q.name, iface, memberName, dest, hold);
        st.emit(ChanEvents.agentConnect(caller.chan, dest, q.name, iface, memberName, hold, ring));
    }

    /** At the end of a call a member answered: AgentComplete (HoldTime, TalkTime since answer, Reason). */
    void complete(SimCall call, String reason) {
        SimCall.Agent a = call.agent;
        if (a == null) {
            return;
        }
        call.agent = null;
        long now = st.now();
        long talk = Math.max(0, (now - call.answeredMillis) / 1000);
        SimQueue q = st.queues.get(a.queue());
        if (q != null) {
            q.talkCount++;
            q.talktime = (int) ((q.talktime * (long) (q.talkCount - 1) + talk) / q.talkCount);
            SimQueue.Member m = q.member(a.iface());
            if (m != null) {
                m.callsTaken++;
                m.lastCall = now / 1000;
            }
        }
        st.emit(ChanEvents.agentComplete(call.queueLeg, a.dest(), a.queue(), a.iface(), a.memberName(),
                a.holdTime(), talk, reason));
    }

    void abandon(String queue, SimCall call) {
        SimQueue q = queue(queue);
        SimQueue.Caller caller = q.caller(call);
        if (caller == null) {
            return;
        }
        int position = q.callers.indexOf(caller) + 1;
        long hold = Math.max(0, (st.now() - caller.joinMillis) / 1000);
        st.emit(ChanEvents.queueCallerAbandon(caller.chan, queue, position, caller.originalPosition, hold));
        q.abandoned++;
        q.callers.remove(caller);
        call.queue = null;
        st.emit(ChanEvents.queueCallerLeave(caller.chan, queue, position, q.callers.size()));
    }

    void memberStatus(String queue, String iface, int deviceStatus, boolean paused) {
        SimQueue q = queue(queue);
        SimQueue.Member m = q.member(iface);
        if (m == null) {
            throw new IllegalArgumentException("no member " + iface + " in queue " + queue);
        }
        m.status = deviceStatus;
        if (paused != m.paused) {
            m.lastPause = paused ? st.now() / 1000 : m.lastPause;
        }
        m.paused = paused;
        st.emit(Events.queueMemberStatus(q, m));
        st.refreshQueueAvail(q);
    }
}
