package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe mutable PBX state. Every mutator updates what the list actions report and emits the
 * AMI events real Asterisk 22 sends for that change to every connected, logged-in session.
 */
public final class SimWorld {
    final WorldState st;
    private final PresenceEngine presence;
    private final QueueEngine queues;
    private final CallEngine calls;

    SimWorld(WorldState st) {
        this.st = st;
        this.presence = new PresenceEngine(st);
        this.queues = new QueueEngine(st);
        this.calls = new CallEngine(st, queues);
    }

    /**
     * The lab of the fixtures: 101/102/103/carrier, three registrations, two IAX2 peers, one IAX2
     * registration, three queues.
     */
    public static SimWorld lab() {
        return new SimWorld(Worlds.lab());
    }

    /** Extensions 200..235, trunks carrier / sip-provider2 / iax-trunk, queues support and sales. */
    public static SimWorld demo() {
        return new SimWorld(Worlds.demo());
    }

    /** Like the ami-scale fixtures: endpoints 10000.., registrations trunk001.., queues q01.., Local calls. */
    public static SimWorld scale(int endpoints, int registrations, int queues, int calls) {
        return new SimWorld(Worlds.scale(endpoints, registrations, queues, calls));
    }

    public void setIaxEnabled(boolean on) {
        synchronized (st.lock) {
            st.iaxEnabled = on;
        }
    }

    public boolean iaxEnabled() {
        synchronized (st.lock) {
            return st.iaxEnabled;
        }
    }

    // ---- endpoints / contacts -------------------------------------------------------------------

    public void registerEndpoint(String name) {
        synchronized (st.lock) {
            presence.register(name);
        }
    }

    public void unregisterEndpoint(String name) {
        synchronized (st.lock) {
            presence.unregister(name);
        }
    }

    public void contactReachable(String endpoint, long rttUsec) {
        synchronized (st.lock) {
            presence.reachable(endpoint, rttUsec);
        }
    }

    public void contactUnreachable(String endpoint) {
        synchronized (st.lock) {
            presence.unreachable(endpoint);
        }
    }

    // ---- outbound registrations / IAX2 ------------------------------------------------------------

    public void registrationStatus(String registration, String status) {
        synchronized (st.lock) {
            presence.registrationStatus(registration, status);
        }
    }

    public void iaxPeerStatus(String peer, String status) {
        synchronized (st.lock) {
            presence.iaxPeerStatus(peer, status);
        }
    }

    /**
     * Sets an IAX2 registration ("pbx@127.0.0.1:4570" in the lab) to one of chan_iax2's states:
     * Registered, Request Sent, Auth. Sent, Rejected, Timeout, No Authentication, Unregistered.
     */
    public void iaxRegistrationState(String usernameAtHost, String state) {
        synchronized (st.lock) {
            presence.iaxRegistrationState(usernameAtHost, state);
        }
    }

    /** Current state of an IAX2 registration ("username@host"), or null. */
    public String iaxRegistrationStateOf(String usernameAtHost) {
        synchronized (st.lock) {
            for (IaxRegistration r : st.iaxRegistrations) {
                if (r.key().equals(usernameAtHost)) {
                    return r.state;
                }
            }
            return null;
        }
    }

    // ---- calls ------------------------------------------------------------------------------------

    public SimCall startCall(String fromEndpoint, String toEndpoint) {
        synchronized (st.lock) {
            return calls.startCall(fromEndpoint, toEndpoint);
        }
    }

    public SimCall startLocalCall(String toEndpoint) {
        synchronized (st.lock) {
            return calls.startLocalCall(toEndpoint);
        }
    }

    public void answer(SimCall call) {
        synchronized (st.lock) {
            calls.answer(call);
        }
    }

    public void hangup(SimCall call, int cause) {
        synchronized (st.lock) {
            calls.hangup(call, cause);
        }
    }

    // ---- queues -----------------------------------------------------------------------------------

    public void queueJoin(String queue, SimCall call) {
        synchronized (st.lock) {
            queues.join(queue, call);
        }
    }

    public void queueLeave(String queue, SimCall call) {
        synchronized (st.lock) {
            queues.leave(queue, call);
        }
    }

    public void queueAbandon(String queue, SimCall call) {
        synchronized (st.lock) {
            queues.abandon(queue, call);
        }
    }

    public void queueMemberStatus(String queue, String iface, int deviceStatus, boolean paused) {
        synchronized (st.lock) {
            queues.memberStatus(queue, iface, deviceStatus, paused);
        }
    }

    // ---- system -----------------------------------------------------------------------------------

    public void reload() {
        synchronized (st.lock) {
            st.reloadMillis = st.now();
            st.emit(Events.reload("All", 0));
        }
    }

    public void fullyBooted() {
        synchronized (st.lock) {
            st.emit(fullyBootedEvent());
        }
    }

    Ev fullyBootedEvent() {
        long now = st.now();
        return Events.fullyBooted((now - st.startupMillis) / 1000, (now - st.reloadMillis) / 1000);
    }

    public void noise(int n) {
        synchronized (st.lock) {
            NoiseEvents.emit(st, n);
        }
    }

    public int channelCount() {
        synchronized (st.lock) {
            return st.channels.size();
        }
    }

    public int callCount() {
        synchronized (st.lock) {
            return st.calls.size();
        }
    }

    public long processedCalls() {
        synchronized (st.lock) {
            return st.processedCalls;
        }
    }

    /** Live calls (oldest first), including the pre-built calls of the scale world. */
    public List<SimCall> calls() {
        synchronized (st.lock) {
            return new ArrayList<>(st.calls);
        }
    }

    /** PJSIP endpoint names in the order PJSIPShowEndpoints lists them. */
    public List<String> endpointNames() {
        synchronized (st.lock) {
            return new ArrayList<>(st.endpoints.keySet());
        }
    }

    /** True when the endpoint currently has a registered (dynamic) contact. */
    public boolean isRegistered(String endpoint) {
        synchronized (st.lock) {
            return st.endpoint(endpoint).dynamicContact != null;
        }
    }

    /** Current status of an outbound registration ("Registered", "Rejected", "Unregistered"). */
    public String registrationStatusOf(String registration) {
        synchronized (st.lock) {
            Registration r = st.registrations.get(registration);
            return r == null ? null : r.status;
        }
    }

    // ---- package-private views used by DemoScenario -------------------------------------------------

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

    void addSink(EventSink sink) {
        st.sinks.add(sink);
    }

    void removeSink(EventSink sink) {
        st.sinks.remove(sink);
    }
}
