package org.pbxmon.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Thread-safe mutable PBX state. Every mutator updates what the list actions report and emits the
 * AMI events real Asterisk 22 sends for that change to every connected, logged-in session.
 */
public final class SimWorld {
    final WorldState st;
    private final PresenceEngine presence;
    private final QueueEngine queues;
    private final CallEngine calls;
    private final MediaEngine media;

    SimWorld(WorldState st) {
        this.st = st;
        this.presence = new PresenceEngine(st);
        this.queues = new QueueEngine(st);
        this.media = new MediaEngine(st);
        this.calls = new CallEngine(st, queues, media);
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

    /**
     * Ends the call with a Q.850 cause on every channel. An unanswered call first gets DialEnd with the
     * DialStatus of the cause (17 BUSY, 18/19 NOANSWER, 34/38/41 CONGESTION, 1/3/20/27 CHANUNAVAIL,
     * anything else CANCEL).
     */
    public void hangup(SimCall call, int cause) {
        synchronized (st.lock) {
            calls.hangup(call, cause);
        }
    }

    /** Ends an unanswered call: DialEnd with {@code status}, then Hangup with {@code status.cause()}. */
    public void endUnanswered(SimCall call, DialStatus status) {
        endUnanswered(call, status, status.cause());
    }

    /**
     * Ends an unanswered call: DialEnd with {@code status} for every dial, SoftHangupRequest, then each
     * channel's Hangup with {@code cause} / its Cause-txt (e.g. CHANUNAVAIL with 3 No route to destination).
     *
     * @throws IllegalStateException when the call was answered (use {@link #hangup})
     */
    public void endUnanswered(SimCall call, DialStatus status, int cause) {
        synchronized (st.lock) {
            if (call.answered && !call.ended) {
                throw new IllegalStateException("call was answered: " + call.linkedId);
            }
            calls.hangup(call, cause, status.name());
        }
    }

    // ---- media quality / RTCP ---------------------------------------------------------------------

    /**
     * Scripts the quality of every media leg of a call from now on (its next RTCP reports and its
     * RTPAUDIOQOS at hangup), overriding the endpoints' defaults; null returns to them. Set
     * {@link Quality#NO_MEDIA} before answer for a call without any RTP.
     */
    public void setQuality(SimCall call, Quality quality) {
        synchronized (st.lock) {
            call.quality = quality;
        }
    }

    /**
     * Default quality of the media legs of a PJSIP endpoint or IAX2 peer (e.g. a trunk), read at every
     * report, so a change applies to live calls too; null restores {@link Quality#HEALTHY}.
     */
    public void setEndpointQuality(String endpoint, Quality quality) {
        synchronized (st.lock) {
            if (st.deviceOf(endpoint) == null) {
                throw new IllegalArgumentException("no such PJSIP endpoint or IAX2 peer: " + endpoint);
            }
            if (quality == null) {
                st.endpointQuality.remove(endpoint);
            } else {
                st.endpointQuality.put(endpoint, quality);
            }
        }
    }

    /** The default quality of an endpoint's media legs ({@link Quality#HEALTHY} unless set). */
    public Quality endpointQuality(String endpoint) {
        synchronized (st.lock) {
            return st.endpointQuality.getOrDefault(endpoint, Quality.HEALTHY);
        }
    }

    /** Interval between the RTCP reports of a media leg (default 5 s, like Asterisk); applies from each leg's next report. */
    public void setRtcpInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("RTCP interval must be positive: " + interval);
        }
        synchronized (st.lock) {
            st.rtcpIntervalMillis = interval.toMillis();
        }
    }

    public Duration rtcpInterval() {
        synchronized (st.lock) {
            return Duration.ofMillis(st.rtcpIntervalMillis);
        }
    }

    /**
     * Emits RTCPReceived then RTCPSent for every answered PJSIP/IAX2 leg whose report interval has passed
     * on the world clock (the first one an interval after answer). {@link DemoScenario} calls it every
     * tick; nothing calls it otherwise, so a bare world sends RTCP only when asked.
     */
    public void emitRtcpDue() {
        synchronized (st.lock) {
            media.emitDue();
        }
    }

    /** Emits one RTCPReceived + RTCPSent pair now for every media leg of an answered, live call. */
    public void rtcp(SimCall call) {
        synchronized (st.lock) {
            media.rtcpNow(call);
        }
    }

    /**
     * Replaces the world clock (hold, talk and ring times, RTCP intervals, packet counts, Uniqueids).
     * For tests; the default is the system clock.
     */
    public void setClock(Clock clock) {
        setClock(clock::millis);
    }

    void setClock(LongSupplier millis) {
        synchronized (st.lock) {
            st.clock = millis;
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

    /** Package-private views of the world used by {@link DemoScenario}. */
    WorldViews views() {
        return new WorldViews(st);
    }

    void addSink(EventSink sink) {
        st.sinks.add(sink);
    }

    void removeSink(EventSink sink) {
        st.sinks.remove(sink);
    }
}
