package org.pbxmon.sim;

/** Renders the non-channel asynchronous events, field for field as Asterisk 22 sends them. */
final class Events {
    private Events() {
    }

    static Ev deviceState(String device, DevState state) {
        return Ev.of("DeviceStateChange", "call,all").kv("Device", device).kv("State", state.ami).build();
    }

    static Ev queueMemberStatus(SimQueue q, SimQueue.Member m) {
        return Ev.of("QueueMemberStatus", "agent,all")
                .kv("Queue", q.name)
                .kv("MemberName", m.name)
                .kv("Interface", m.location)
                .kv("StateInterface", m.stateInterface)
                .kv("Membership", "static")
                .kv("Penalty", 0)
                .kv("CallsTaken", m.callsTaken)
                .kv("LastCall", m.lastCall)
                .kv("LastPause", m.lastPause)
                .kv("LoginTime", m.loginTime)
                .kv("InCall", m.inCall)
                .kv("Status", m.status)
                .kv("Paused", m.paused ? 1 : 0)
                .kv("PausedReason", m.pausedReason)
                .kv("Ringinuse", q.ringinuse)
                .kv("Wrapuptime", 0)
                .build();
    }

    /** PeerStatus as published by res_pjsip / chan_iax2 (no Time: Asterisk 22 drops the integer time). */
    static Ev peerStatus(String channelType, String peer, String status) {
        return Ev.of("PeerStatus", "system,all")
                .kv("ChannelType", channelType)
                .kv("Peer", peer)
                .kv("PeerStatus", status)
                .build();
    }

    static Ev contactStatus(Contact c, String endpoint, String status, long rtt) {
        return Ev.of("ContactStatus", "system,all")
                .kv("URI", c.uri)
                .kv("ContactStatus", status)
                .kv("AOR", c.aor)
                .kv("EndpointName", endpoint)
                .kv("RoundtripUsec", rtt)
                .build();
    }

    static Ev registry(String channelType, String username, String domain, String status) {
        return registry(channelType, username, domain, status, null);
    }

    /** Registry with a {@code Cause:} line when cause is not null (chan_iax2 REGREJ). */
    static Ev registry(String channelType, String username, String domain, String status, String cause) {
        Ev.B b = Ev.of("Registry", "system,all")
                .kv("ChannelType", channelType)
                .kv("Username", username)
                .kv("Domain", domain)
                .kv("Status", status);
        if (cause != null) {
            b.kv("Cause", cause);
        }
        return b.build();
    }

    static Ev fullyBooted(long uptimeSec, long lastReloadSec) {
        return Ev.of("FullyBooted", "system,all")
                .kv("Uptime", uptimeSec)
                .kv("LastReload", lastReloadSec)
                .kv("Status", "Fully Booted")
                .build();
    }

    static Ev reload(String module, int status) {
        return Ev.of("Reload", "system,all").kv("Module", module).kv("Status", status).build();
    }

    static Ev successfulAuth(String user, String sessionId, int localPort, int remotePort, long millis) {
        String tv = Ami.eventTv(millis);
        return Ev.of("SuccessfulAuth", "security,all")
                .kv("EventTV", tv)
                .kv("Severity", "Informational")
                .kv("Service", "AMI")
                .kv("EventVersion", 1)
                .kv("AccountID", user)
                .kv("SessionID", sessionId)
                .kv("LocalAddress", "IPV4/TCP/127.0.0.1/" + localPort)
                .kv("RemoteAddress", "IPV4/TCP/127.0.0.1/" + remotePort)
                .kv("UsingPassword", 0)
                .kv("SessionTV", tv)
                .build();
    }
}
