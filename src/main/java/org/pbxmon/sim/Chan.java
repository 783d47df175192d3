package org.pbxmon.sim;

/** One live channel. Mutated only under the world lock. */
final class Chan {
    final String name;
    final String uniqueid;
    final String linkedid;
    /** Device whose state this channel drives, e.g. "PJSIP/102" or "IAX2/carrier-iax"; null for none. */
    final String device;
    /** Endpoint or IAX2 peer name behind {@link #device}; null for Local channels. */
    final String owner;
    final long createdMillis;
    int state;
    String callerNum;
    String callerName;
    String connNum = "<unknown>";
    String connName = "<unknown>";
    String context;
    String exten;
    int priority = 1;
    String application = "";
    String appData = "";
    String bridgeId = "";
    /** RTP session of an answered PJSIP/IAX2 channel; null otherwise. */
    MediaLeg media;

    Chan(String name, String uniqueid, String linkedid, String device, String owner, long createdMillis) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.device = device;
        this.owner = owner;
        this.createdMillis = createdMillis;
    }

    String stateDesc() {
        return Ami.channelStateDesc(state);
    }

    /** The standard channel block of Newchannel / Newstate / Hangup (with an optional prefix). */
    void appendSnapshot(StringBuilder sb, String p) {
        Ami.kv(sb, p + "Channel", name);
        Ami.kv(sb, p + "ChannelState", state);
        Ami.kv(sb, p + "ChannelStateDesc", stateDesc());
        Ami.kv(sb, p + "CallerIDNum", callerNum);
        Ami.kv(sb, p + "CallerIDName", callerName);
        Ami.kv(sb, p + "ConnectedLineNum", connNum);
        Ami.kv(sb, p + "ConnectedLineName", connName);
        Ami.kv(sb, p + "Language", "en");
        Ami.kv(sb, p + "AccountCode", "");
        Ami.kv(sb, p + "Context", context);
        Ami.kv(sb, p + "Exten", exten);
        Ami.kv(sb, p + "Priority", priority);
        Ami.kv(sb, p + "Uniqueid", uniqueid);
        Ami.kv(sb, p + "Linkedid", linkedid);
    }

    boolean isRinging() {
        return state == 5;
    }

    boolean isUp() {
        return state == 6;
    }
}
