package org.pbxmon.source.ami;

import java.util.Locale;
import org.pbxmon.source.ami.quality.RtcpReportParser;
import org.pbxmon.source.ami.quality.RtpQosParser;
import org.pbxmon.source.ami.wire.AmiMessage;

/**
 * The events that only call quality, KPIs and queue service need: DialBegin, DialEnd, Newstate,
 * VarSet of RTPAUDIOQOS, RTCPSent/RTCPReceived, AgentConnect and AgentComplete. Pure like the
 * reducer: a missing or odd field changes nothing, nothing throws.
 */
final class CallEvents {
    private final PbxState state;

    CallEvents(PbxState state) {
        this.state = state;
    }

    /** VarSet of RTPAUDIOQOS (the summary) on the reader thread; the spread variables are not needed. */
    static boolean isQosVarSet(AmiMessage e) {
        String v = e.get("Variable");
        return v != null && v.trim().equalsIgnoreCase(RtpQosParser.SUMMARY_VARIABLE);
    }

    /** Whether the event was one of ours and was applied. */
    boolean apply(String name, AmiMessage e, long now) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "dialbegin" -> {
                String dest = e.get("DestUniqueid");
                if (dest == null) {
                    return false;
                }
                state.change(s -> s.calls.dialBegin(dest));
            }
            case "dialend" -> {
                String dest = e.get("DestUniqueid");
                String status = e.get("DialStatus");
                if (dest == null || status == null) {
                    return false;
                }
                state.change(s -> s.calls.dialEnd(dest, status, now));
            }
            case "newstate" -> {
                String id = e.get("Uniqueid");
                Integer st = AmiEventReducer.parseInt(e.get("ChannelState"));
                if (id == null || st == null) {
                    return false;
                }
                String desc = AmiEventReducer.stateLabel(e.get("ChannelStateDesc"));
                state.change(s -> {
                    s.calls.newState(id, st, now);
                    s.channels.state(id, desc);
                });
            }
            case "varset" -> {
                String id = e.get("Uniqueid");
                String value = e.get("Value");
                if (id == null || value == null || !isQosVarSet(e)) {
                    return false;
                }
                var qos = RtpQosParser.summary(value);
                state.change(s -> s.calls.qos(id, qos));
            }
            case "rtcpsent", "rtcpreceived" -> {
                return rtcp(e);
            }
            case "agentconnect" -> {
                String queue = e.get("Queue");
                String id = e.get("Uniqueid");
                if (queue == null || id == null) {
                    return false;
                }
                String linked = e.get("Linkedid");
                Double hold = seconds(e.get("HoldTime"));
                state.change(s -> s.calls.agentConnect(queue, id, linked, hold, now));
            }
            case "agentcomplete" -> {
                String queue = e.get("Queue");
                String id = e.get("Uniqueid");
                if (queue == null || id == null) {
                    return false;
                }
                String reason = e.get("Reason");
                state.change(s -> s.calls.agentComplete(queue, id, reason));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** RTCPSent/RTCPReceived, the hot path: a few lookups, no per-block work. */
    boolean rtcp(AmiMessage e) {
        return rtcp(RtcpReportParser.sample(e));
    }

    boolean rtcp(RtcpReportParser.Sample r) {
        if (r == null || r.uniqueid() == null) {
            return false;
        }
        state.rtcp(r);
        return true;
    }

    /** A whole number of seconds (HoldTime), null when absent, negative or not a number. */
    static Double seconds(String v) {
        Long l = AmiEventReducer.parseLong(v);
        return l == null || l < 0 ? null : (double) l;
    }
}
