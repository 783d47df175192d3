package org.pbxmon.sim;

/**
 * Registrations, contacts, outbound registrations and IAX2 peers: updates the state and emits the
 * event sequences of the trunk-down / trunk-up captures. Callers hold the world lock.
 */
final class PresenceEngine {
    private final WorldState st;

    PresenceEngine(WorldState st) {
        this.st = st;
    }

    /** A phone REGISTERs: ContactStatus NonQualified, PeerStatus Reachable, ContactStatus Reachable (if qualified). */
    void register(String name) {
        Endpoint e = st.endpoint(name);
        if (e.staticContact != null) {
            // Static contact: "registering" means it answers qualify again.
            reachable(name, e.staticContact.rttUsec > 0 ? e.staticContact.rttUsec : 700);
            return;
        }
        if (e.dynamicContact != null) {
            return;
        }
        Contact c = newDynamicContact(e);
        long rtt = 500 + st.random.nextInt(1500);
        c.status = "NonQualified";
        c.rttUsec = 0;
        e.dynamicContact = c;
        st.emit(Events.contactStatus(c, e.name, "NonQualified", 0));
        st.emit(Events.peerStatus("PJSIP", e.device(), "Reachable"));
        if (c.qualified()) {
            c.status = "Reachable";
            c.rttUsec = rtt;
            st.emit(Events.contactStatus(c, e.name, "Reachable", rtt));
        }
        st.refreshDevice(e.device());
    }

    Contact newDynamicContact(Endpoint e) {
        String hash = st.randomHex(32);
        String callId = e.regQualifyFrequency > 0
                ? st.randomUuid()
                : st.randomHex(16) + "@" + e.regUserAgent;
        return new Contact(e.aor, e.regUri, true, e.aor + ";@" + hash, callId, e.regUserAgent,
                Worlds.hostOf(e.regUri), e.regViaPort, e.regQualifyFrequency, e.regQualifyTimeout,
                e.regQualifyFrequency > 0 ? 120 : 86400);
    }

    /** The registration is removed: PeerStatus Unreachable, ContactStatus Removed, DeviceStateChange. */
    void unregister(String name) {
        Endpoint e = st.endpoint(name);
        if (e.staticContact != null) {
            unreachable(name);
            return;
        }
        Contact c = e.dynamicContact;
        if (c == null) {
            return;
        }
        e.dynamicContact = null;
        if (c.available()) {
            st.emit(Events.peerStatus("PJSIP", e.device(), "Unreachable"));
        }
        st.emit(Events.contactStatus(c, e.name, "Removed", 0));
        st.refreshDevice(e.device());
    }

    void reachable(String name, long rttUsec) {
        Endpoint e = st.endpoint(name);
        Contact c = e.contact();
        if (c == null) {
            register(name);
            c = e.contact();
            if (c != null && c.qualified()) {
                c.rttUsec = Math.max(1, rttUsec);
            }
            return;
        }
        if ("Reachable".equals(c.status) || !c.qualified() && "NonQualified".equals(c.status)) {
            c.rttUsec = c.qualified() ? Math.max(1, rttUsec) : 0; // qualify results change no state: no event
            return;
        }
        boolean qualified = c.qualified();
        c.status = qualified ? "Reachable" : "NonQualified";
        c.rttUsec = qualified ? Math.max(1, rttUsec) : 0;
        st.emit(Events.peerStatus("PJSIP", e.device(), "Reachable"));
        st.emit(Events.contactStatus(c, e.name, c.status, c.rttUsec));
        st.refreshDevice(e.device());
    }

    void unreachable(String name) {
        Endpoint e = st.endpoint(name);
        Contact c = e.contact();
        if (c == null || "Unreachable".equals(c.status)) {
            return;
        }
        c.status = "Unreachable";
        c.rttUsec = 0;
        st.emit(Events.peerStatus("PJSIP", e.device(), "Unreachable"));
        st.emit(Events.contactStatus(c, e.name, "Unreachable", 0));
        st.refreshDevice(e.device());
    }

    /** Sets an outbound registration status and emits Registry (also when unchanged, like retries do). */
    void registrationStatus(String name, String status) {
        Registration r = st.registrations.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no such outbound registration: " + name);
        }
        if (!"Registered".equals(status) && !"Rejected".equals(status) && !"Unregistered".equals(status)) {
            throw new IllegalArgumentException("status must be Registered, Rejected or Unregistered: " + status);
        }
        r.status = status;
        st.emit(Events.registry("PJSIP", r.clientUri, r.serverUri, status));
    }

    /** Sets an IAX2 peer status ("OK (3 ms)", "LAGGED (700 ms)", "UNREACHABLE", "UNKNOWN"). */
    void iaxPeerStatus(String name, String status) {
        IaxPeer p = st.iaxPeers.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no such IAX2 peer: " + name);
        }
        String before = p.status;
        p.status = status;
        String peerStatus = iaxPeerStatusWord(status);
        if (peerStatus == null || peerStatus.equals(iaxPeerStatusWord(before))) {
            st.refreshDevice(p.device());
            return;
        }
        if ("Unreachable".equals(peerStatus)) {
            st.emit(Events.peerStatus("IAX2", p.device(), peerStatus));
            st.refreshDevice(p.device());
        } else {
            st.refreshDevice(p.device());
            st.emit(Events.peerStatus("IAX2", p.device(), peerStatus));
        }
    }

    /**
     * Sets the state of an IAX2 registration ("username@host"). Like chan_iax2, only becoming
     * Registered (Registry Registered) and a rejection (Registry Rejected, with Cause, every time) are
     * published; Request Sent, Auth. Sent, Timeout and the rest change silently.
     */
    void iaxRegistrationState(String key, String state) {
        IaxRegistration r = null;
        for (IaxRegistration x : st.iaxRegistrations) {
            if (x.key().equals(key)) {
                r = x;
            }
        }
        if (r == null) {
            throw new IllegalArgumentException("no such IAX2 registration: " + key);
        }
        if (!IaxRegistration.STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + IaxRegistration.STATES + ": " + state);
        }
        String before = r.state;
        r.state = state;
        if ("Registered".equals(state) && !"Registered".equals(before)) {
            st.emit(Events.registry("IAX2", r.username, r.host, "Registered"));
        } else if ("Rejected".equals(state)) {
            st.emit(Events.registry("IAX2", r.username, r.host, "Rejected", "Registration Refused"));
        }
    }

    private static String iaxPeerStatusWord(String status) {
        if (status.startsWith("OK")) {
            return "Reachable";
        }
        if (status.startsWith("LAGGED")) {
            return "Lagged";
        }
        if (status.startsWith("UNREACHABLE")) {
            return "Unreachable";
        }
        return null;
    }
}
