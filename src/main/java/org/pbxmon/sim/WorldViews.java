package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.List;

/** Read-only views of a world for {@link DemoScenario}; each takes the world lock. */
final class WorldViews {
    private final WorldState st;

    WorldViews(WorldState st) {
        this.st = st;
    }

    List<String> phones(boolean registeredOnly) {
        synchronized (st.lock) {
            List<String> out = new ArrayList<>();
            for (Endpoint e : st.endpoints.values()) {
                if (!e.trunk && (!registeredOnly || e.available())) {
                    out.add(e.name);
                }
            }
            return out;
        }
    }

    List<String> trunks() {
        synchronized (st.lock) {
            List<String> out = new ArrayList<>();
            for (Endpoint e : st.endpoints.values()) {
                if (e.trunk) {
                    out.add(e.name);
                }
            }
            if (st.iaxEnabled) {
                for (IaxPeer p : st.iaxPeers.values()) {
                    if (!p.dynamic) {
                        out.add(p.name);
                    }
                }
            }
            return out;
        }
    }

    List<String> iaxTrunks() {
        synchronized (st.lock) {
            List<String> out = new ArrayList<>();
            for (IaxPeer p : st.iaxPeers.values()) {
                if (!p.dynamic) {
                    out.add(p.name);
                }
            }
            return out;
        }
    }

    List<String> registrationNames() {
        synchronized (st.lock) {
            return new ArrayList<>(st.registrations.keySet());
        }
    }

    List<String> queueNames() {
        synchronized (st.lock) {
            return new ArrayList<>(st.queues.keySet());
        }
    }

    /** PJSIP endpoint names of a queue's PJSIP/... members. */
    List<String> memberEndpoints(String queue) {
        synchronized (st.lock) {
            List<String> out = new ArrayList<>();
            SimQueue q = st.queues.get(queue);
            if (q != null) {
                for (SimQueue.Member m : q.members) {
                    if (m.location.startsWith("PJSIP/") && st.endpoints.containsKey(m.location.substring(6))) {
                        out.add(m.location.substring(6));
                    }
                }
            }
            return out;
        }
    }

    /** Local/... members of a queue (their state is not driven by a PJSIP device). */
    List<String> localMembers(String queue) {
        synchronized (st.lock) {
            List<String> out = new ArrayList<>();
            SimQueue q = st.queues.get(queue);
            if (q != null) {
                for (SimQueue.Member m : q.members) {
                    if (m.location.startsWith("Local/")) {
                        out.add(m.location);
                    }
                }
            }
            return out;
        }
    }

    boolean memberPaused(String queue, String iface) {
        synchronized (st.lock) {
            SimQueue q = st.queues.get(queue);
            SimQueue.Member m = q == null ? null : q.member(iface);
            return m != null && m.paused;
        }
    }
}
