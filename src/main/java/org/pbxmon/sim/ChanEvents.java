package org.pbxmon.sim;

/** Renders channel, dial, bridge, queue-caller and CEL events with the fields of the real captures. */
final class ChanEvents {
    private ChanEvents() {
    }

    static Ev newchannel(Chan c) {
        return Ev.of("Newchannel", "call,all").chan(c, "").build();
    }

    static Ev newstate(Chan c) {
        return Ev.of("Newstate", "call,all").chan(c, "").build();
    }

    static Ev newConnectedLine(Chan c) {
        return Ev.of("NewConnectedLine", "call,all").chan(c, "").build();
    }

    static Ev newexten(Chan c, String app, String appData) {
        return Ev.of("Newexten", "dialplan,all").chan(c, "")
                .kv("Extension", c.exten).kv("Application", app).kv("AppData", appData).build();
    }

    static Ev varSet(Chan c, String variable, String value) {
        return Ev.of("VarSet", "dialplan,all").chan(c, "").kv("Variable", variable).kv("Value", value).build();
    }

    static Ev dialBegin(Chan caller, Chan dest, String dialString) {
        Ev.B b = Ev.of("DialBegin", "call,all");
        if (caller != null) {
            b.chan(caller, "");
        }
        return b.chan(dest, "Dest").kv("DialString", dialString).build();
    }

    static Ev dialEnd(Chan caller, Chan dest, String dialStatus) {
        Ev.B b = Ev.of("DialEnd", "call,all");
        if (caller != null) {
            b.chan(caller, "");
        }
        return b.chan(dest, "Dest").kv("DialStatus", dialStatus).build();
    }

    private static Ev.B bridge(String event, String bridgeId, int numChannels) {
        return Ev.of(event, "call,all")
                .kv("BridgeUniqueid", bridgeId)
                .kv("BridgeType", "basic")
                .kv("BridgeTechnology", "simple_bridge")
                .kv("BridgeCreator", "<unknown>")
                .kv("BridgeName", "<unknown>")
                .kv("BridgeNumChannels", numChannels)
                .kv("BridgeVideoSourceMode", "none");
    }

    static Ev bridgeCreate(String bridgeId) {
        return bridge("BridgeCreate", bridgeId, 0).build();
    }

    static Ev bridgeDestroy(String bridgeId) {
        return bridge("BridgeDestroy", bridgeId, 0).build();
    }

    static Ev bridgeEnter(String bridgeId, int numChannels, Chan c) {
        return bridge("BridgeEnter", bridgeId, numChannels).chan(c, "").build();
    }

    static Ev bridgeLeave(String bridgeId, int numChannels, Chan c) {
        return bridge("BridgeLeave", bridgeId, numChannels).chan(c, "").build();
    }

    static Ev softHangupRequest(Chan c, int cause) {
        return Ev.of("SoftHangupRequest", "call,all").chan(c, "").kv("Cause", cause).build();
    }

    static Ev hangup(Chan c, int cause) {
        return Ev.of("Hangup", "call,all").chan(c, "")
                .kv("Cause", cause).kv("Cause-txt", Ami.causeText(cause)).build();
    }

    static Ev queueCallerJoin(Chan c, String queue, int position, int count) {
        return Ev.of("QueueCallerJoin", "agent,all").chan(c, "")
                .kv("Queue", queue).kv("Position", position).kv("Count", count).build();
    }

    static Ev queueCallerLeave(Chan c, String queue, int position, int count) {
        return Ev.of("QueueCallerLeave", "agent,all").chan(c, "")
                .kv("Queue", queue).kv("Position", position).kv("Count", count).build();
    }

    static Ev queueCallerAbandon(Chan c, String queue, int position, int originalPosition, long holdTime) {
        return Ev.of("QueueCallerAbandon", "agent,all").chan(c, "")
                .kv("Queue", queue).kv("Position", position)
                .kv("OriginalPosition", originalPosition).kv("HoldTime", holdTime).build();
    }

    private static Ev.B agent(String event, Chan caller, Chan dest, String queue, String iface, String memberName) {
        return Ev.of(event, "agent,all").chan(caller, "").chan(dest, "Dest")
                .kv("Queue", queue).kv("Interface", iface).kv("MemberName", memberName);
    }

    /** app_queue: a member answered the queued caller. */
    static Ev agentConnect(Chan caller, Chan dest, String queue, String iface, String memberName, long holdTime,
            long ringTime) {
        return agent("AgentConnect", caller, dest, queue, iface, memberName)
                .kv("HoldTime", holdTime).kv("RingTime", ringTime).build();
    }

    /** app_queue: the bridged queue call ended; reason is "caller", "agent" or "transfer". */
    static Ev agentComplete(Chan caller, Chan dest, String queue, String iface, String memberName, long holdTime,
            long talkTime, String reason) {
        return agent("AgentComplete", caller, dest, queue, iface, memberName)
                .kv("HoldTime", holdTime).kv("TalkTime", talkTime).kv("Reason", reason).build();
    }

    /** A CEL event (cel_manager), e.g. CHAN_START, ANSWER, HANGUP, APP_START. */
    static Ev cel(Chan c, String eventName, String peer, String extra, long millis) {
        return Ev.of("CEL", "call,all")
                .kv("EventName", eventName)
                .kv("AccountCode", "")
                .kv("CallerIDnum", c.callerNum.startsWith("<") ? "" : c.callerNum)
                .kv("CallerIDname", c.callerName.startsWith("<") ? "" : c.callerName)
                .kv("CallerIDani", "")
                .kv("CallerIDrdnis", "")
                .kv("CallerIDdnid", "")
                .kv("Exten", c.exten)
                .kv("Context", c.context)
                .kv("Channel", c.name)
                .kv("Application", c.application)
                .kv("AppData", c.appData)
                .kv("EventTime", Ami.celTime(millis))
                .kv("AMAFlags", "DOCUMENTATION")
                .kv("UniqueID", c.uniqueid)
                .kv("LinkedID", c.linkedid)
                .kv("Userfield", "")
                .kv("Peer", peer)
                .kv("PeerAccount", "")
                .kv("Extra", extra)
                .build();
    }

    /** A static RTCPSent report copied from the capture (noise on channels without a {@link MediaLeg}). */
    static Ev rtcpSent(Chan c, long ssrc, long seq) {
        return Ev.of("RTCPSent", "reporting,all").chan(c, "")
                .kv("To", "127.0.0.1:11993")
                .kv("From", "127.0.0.1:10271")
                .kv("MES", "88.1")
                .kv("SSRC", String.format("0x%08x", ssrc & 0xffffffffL))
                .kv("PT", "201(RR)")
                .kv("ReportCount", 1)
                .kv("Report0SourceSSRC", String.format("0x%08x", (ssrc * 31) & 0xffffffffL))
                .kv("Report0FractionLost", 0)
                .kv("Report0CumulativeLost", 0)
                .kv("Report0HighestSequence", seq)
                .kv("Report0SequenceNumberCycles", 0)
                .kv("Report0IAJitter", 1)
                .kv("Report0LSR", 3834082134L)
                .kv("Report0DLSR", "0.0000")
                .build();
    }
}
