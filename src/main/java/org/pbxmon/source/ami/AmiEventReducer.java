package org.pbxmon.source.ami;

import java.util.Set;
import java.util.function.LongSupplier;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.source.ami.wire.AmiMessage;

/**
 * Applies one live AMI event to the {@link PbxState}. Pure: no I/O; a reload or a boot only asks for a
 * resync through {@link Outcome#RESYNC}. Every field may be missing or odd: an event that lacks what
 * it needs changes nothing, and nothing here throws on any input.
 */
final class AmiEventReducer {

    /** RESYNC: the PBX reloaded; BOOTED: FullyBooted, which Asterisk also sends to every new session. */
    enum Outcome { APPLIED, IGNORED, RESYNC, BOOTED }

    /** The events that change the state; everything else (VarSet, Newexten, CEL, ...) is skipped on the reader thread. */
    static final Set<String> TRACKED = Set.of("newchannel", "hangup", "bridgeenter", "bridgeleave", "contactstatus",
            "peerstatus", "registry", "devicestatechange", "queuecallerjoin", "queuecallerleave", "queuecallerabandon",
            "queuememberremoved", "queuememberstatus", "queuememberadded", "queuememberpause", "queuememberpaused",
            "fullybooted", "reload", "dialbegin", "dialend", "newstate", "rtcpsent", "rtcpreceived", "agentconnect",
            "agentcomplete");

    private final PbxState state;
    private final LongSupplier clock;
    private final CallEvents calls;

    AmiEventReducer(PbxState state, LongSupplier clock) {
        this.state = state;
        this.clock = clock;
        this.calls = new CallEvents(state);
    }

    /** Cheap check on the reader thread: does this event change anything we track? */
    static boolean tracked(AmiMessage event) {
        String name = event.event();
        if (name == null) {
            return false;
        }
        if (name.length() == 6 && name.equalsIgnoreCase("VarSet")) {
            return CallEvents.isQosVarSet(event); // a quarter of a real stream: only RTPAUDIOQOS* matters
        }
        return TRACKED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The reader thread's intake of one frame, shared by {@link AmiSource} and the benchmarks: an
     * RTCP report becomes its lean {@link org.pbxmon.source.ami.quality.RtcpReportParser.Sample} (a
     * few fields, no frame copy), another tracked event a copy of its frame (the reader reuses its
     * buffer), anything else null (skipped).
     */
    static Object intake(AmiMessage event) {
        if (event.isEvent("RTCPSent") || event.isEvent("RTCPReceived")) {
            return org.pbxmon.source.ami.quality.RtcpReportParser.sample(event);
        }
        return tracked(event) ? event.copy() : null;
    }

    /** An RTCP report already sampled on the reader thread. */
    void rtcp(org.pbxmon.source.ami.quality.RtcpReportParser.Sample r) {
        calls.rtcp(r);
    }

    /** "Ringing" to "ringing"; null stays null. */
    static String stateLabel(String desc) {
        return desc == null ? null : desc.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
    }

    Outcome apply(AmiMessage e) {
        if (e.isEvent("RTCPSent") || e.isEvent("RTCPReceived")) {
            // the most frequent tracked event with calls up (one per call and interval): no name copy, no switch
            return calls.rtcp(e) ? Outcome.APPLIED : Outcome.IGNORED;
        }
        String name = e.event();
        if (name == null) {
            return Outcome.IGNORED;
        }
        long now = clock.getAsLong();
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "newchannel" -> {
                String id = e.get("Uniqueid");
                String channel = e.get("Channel");
                String linked = e.get("Linkedid");
                if (id == null) {
                    return Outcome.IGNORED;
                }
                String context = e.get("Context");
                String account = e.get("AccountCode");
                Integer chanState = parseInt(e.get("ChannelState"));
                state.change(s -> {
                    s.channels.newChannel(id, channel, linked, e.get("CallerIDNum"), e.get("Exten"),
                            stateLabel(e.get("ChannelStateDesc")), now);
                    s.calls.newChannel(id, channel, linked, context, account, chanState, now);
                });
            }
            case "hangup" -> {
                String id = e.get("Uniqueid");
                if (id == null) {
                    return Outcome.IGNORED;
                }
                Integer cause = parseInt(e.get("Cause"));
                state.change(s -> {
                    s.channels.hangup(id, now);
                    s.queues.channelGone(id);
                    s.calls.hangup(id, cause, now, s::trunkOf);
                });
            }
            case "bridgeenter" -> {
                String bridge = e.get("BridgeUniqueid");
                String id = e.get("Uniqueid");
                if (bridge == null || id == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.channels.bridgeEnter(bridge, id));
            }
            case "bridgeleave" -> {
                String id = e.get("Uniqueid");
                if (id == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.channels.bridgeLeave(id));
            }
            case "contactstatus" -> {
                String endpoint = e.get("EndpointName");
                String uri = e.get("URI");
                String status = e.get("ContactStatus");
                Long rtt = parseLong(e.get("RoundtripUsec"));
                if (endpoint == null || uri == null || status == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.endpoints.contactStatus(endpoint, uri, status, rtt));
            }
            case "peerstatus" -> {
                String tech = e.get("ChannelType");
                String peer = e.get("Peer");
                String status = e.get("PeerStatus");
                Long time = parseLong(e.get("Time"));
                if (peer == null || status == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.endpoints.peerStatus(tech, peer, status,
                        time == null || time > Integer.MAX_VALUE ? null : time.intValue()));
            }
            case "registry" -> {
                String tech = e.get("ChannelType");
                String user = e.get("Username");
                String domain = e.get("Domain");
                String status = e.get("Status");
                if (user == null || status == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.endpoints.registry(tech, user, domain, status));
            }
            case "devicestatechange" -> {
                String device = e.get("Device");
                String st = e.get("State");
                if (device == null || st == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.endpoints.deviceState(device, st));
            }
            case "queuecallerjoin" -> {
                String queue = e.get("Queue");
                String id = e.get("Uniqueid");
                if (queue == null || id == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> {
                    s.queues.callerJoin(queue, id, now);
                    s.calls.queueJoin(queue, id, now);
                });
            }
            case "queuecallerleave", "queuecallerabandon" -> {
                String queue = e.get("Queue");
                String id = e.get("Uniqueid");
                if (queue == null || id == null) {
                    return Outcome.IGNORED;
                }
                boolean abandon = name.equalsIgnoreCase("QueueCallerAbandon");
                Double hold = CallEvents.seconds(e.get("HoldTime"));
                state.change(s -> {
                    s.queues.callerLeave(queue, id);
                    if (abandon) {
                        s.calls.queueAbandon(queue, id, hold, now);
                    } else {
                        s.calls.queueLeave(queue, id, now);
                    }
                });
            }
            case "queuememberremoved" -> {
                String queue = e.get("Queue");
                String iface = iface(e);
                if (queue == null || iface == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.queues.memberRemoved(queue, iface));
            }
            case "queuememberstatus", "queuememberadded" -> {
                String queue = e.get("Queue");
                String iface = iface(e);
                Integer status = parseInt(e.get("Status"));
                Boolean paused = parseBool(e.get("Paused"));
                if (queue == null || iface == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.queues.member(queue, iface, status, paused));
            }
            case "queuememberpause", "queuememberpaused" -> {
                String queue = e.get("Queue");
                String iface = iface(e);
                Boolean paused = parseBool(e.get("Paused"));
                if (queue == null || iface == null) {
                    return Outcome.IGNORED;
                }
                state.change(s -> s.queues.member(queue, iface, null, paused));
            }
            case "fullybooted" -> {
                Long uptime = parseLong(e.get("Uptime"));
                Long lastReload = parseLong(e.get("LastReload"));
                state.change(s -> s.core = new CoreInfo(s.core.version(), s.core.amiVersion(),
                        uptime == null ? s.core.startupEpochSeconds() : now / 1000 - uptime,
                        lastReload == null ? s.core.reloadEpochSeconds() : now / 1000 - lastReload,
                        s.core.processedCalls()));
                return Outcome.BOOTED;
            }
            case "reload" -> {
                state.change(s -> s.core = new CoreInfo(s.core.version(), s.core.amiVersion(),
                        s.core.startupEpochSeconds(), now / 1000, s.core.processedCalls()));
                return Outcome.RESYNC;
            }
            default -> {
                return calls.apply(name, e, now) ? Outcome.APPLIED : Outcome.IGNORED;
            }
        }
        return Outcome.APPLIED;
    }

    /** Queue member events name the member by Interface (Asterisk 12+) or Location (older). */
    private static String iface(AmiMessage e) {
        String i = e.get("Interface");
        return i != null ? i : e.get("Location");
    }

    static Long parseLong(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer parseInt(String v) {
        Long l = parseLong(v);
        return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : l.intValue();
    }

    /** AMI booleans: 1/0, yes/no, true/false; null when absent or anything else. */
    static Boolean parseBool(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "true", "on" -> Boolean.TRUE;
            case "0", "no", "false", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
