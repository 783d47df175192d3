package org.pbxmon.sim;

/** Queue callers and member states: QueueCallerJoin / Leave / Abandon and QueueMemberStatus. Lock held. */
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
