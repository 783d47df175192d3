package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.List;

/** Creates, answers and hangs up calls, emitting the event sequences of call-flow-events.txt. Lock held. */
final class CallEngine {
    private final WorldState st;
    private final QueueEngine queues;
    private final MediaEngine media;

    CallEngine(WorldState st, QueueEngine queues, MediaEngine media) {
        this.st = st;
        this.queues = queues;
        this.media = media;
    }

    /** A direct call: {@code from} dials {@code to}; both legs are PJSIP or IAX2 channels. */
    SimCall startCall(String from, String to) {
        String fromDev = requireDevice(from);
        String toDev = requireDevice(to);
        long now = st.now();
        String uid = st.nextUniqueid();
        Chan a = new Chan(channelName(from), uid, uid, fromDev, from, now);
        a.state = 4;
        a.callerNum = number(from);
        a.callerName = displayName(from);
        a.context = context(from);
        a.exten = to;
        add(a);
        st.emit(ChanEvents.newchannel(a));
        String dialTarget = toDev + "," + 30;
        a.application = "Dial";
        a.appData = dialTarget;
        st.emit(ChanEvents.newexten(a, "Dial", dialTarget));
        st.emit(ChanEvents.varSet(a, "DIALSTATUS", ""));
        st.emit(ChanEvents.cel(a, "CHAN_START", "", "", now));

        Chan b = new Chan(channelName(to), st.nextUniqueid(), uid, toDev, to, now);
        dialedLeg(b, to, a);
        st.emit(ChanEvents.dialBegin(a, b, to));
        a.connNum = b.callerNum;
        a.connName = b.callerName;
        st.emit(ChanEvents.newConnectedLine(a));
        b.state = 5;
        st.emit(ChanEvents.newstate(b));
        st.refreshDevice(fromDev);
        st.refreshDevice(toDev);
        List<SimCall.Dial> dials = List.of(new SimCall.Dial(a, b, to));
        return register(new SimCall(List.of(a, b), dials, b, a, a, now));
    }

    /** An originate through Local/to@ctx: ;1 and ;2 plus the PJSIP/IAX2 leg, one Linkedid. */
    SimCall startLocalCall(String to) {
        String toDev = requireDevice(to);
        long now = st.now();
        String ctx = st.localContext;
        String base = "Local/" + to + "@" + ctx + "-" + st.nextLocalSuffix();
        String uid = st.nextUniqueid();
        Chan l1 = new Chan(base + ";1", uid, uid, null, null, now);
        Chan l2 = new Chan(base + ";2", st.nextUniqueid(), uid, null, null, now);
        for (Chan l : new Chan[] {l1, l2}) {
            l.callerNum = "<unknown>";
            l.callerName = "<unknown>";
            l.context = ctx;
            l.exten = to;
        }
        l1.state = 0;
        l2.state = 4;
        add(l1);
        add(l2);
        st.emit(ChanEvents.newchannel(l1));
        st.emit(ChanEvents.newchannel(l2));
        for (Chan l : new Chan[] {l1, l2}) {
            l.callerNum = "9000";
            l.callerName = "Lab Load";
            l.connNum = "9000";
            l.connName = "Lab Load";
        }
        l1.application = "AppDial2";
        l1.appData = "(Outgoing Line)";
        st.emit(ChanEvents.varSet(l1, "WAITSECS", "10"));
        st.emit(ChanEvents.dialBegin(null, l1, to + "@" + ctx));
        l2.priority = 2;
        l2.application = "Dial";
        l2.appData = toDev + ",15";
        st.emit(ChanEvents.newexten(l2, "Dial", l2.appData));
        st.emit(ChanEvents.varSet(l2, "DIALSTATUS", ""));
        st.emit(Events.deviceState("Local/" + to + "@" + ctx, DevState.INUSE));

        Chan p = new Chan(channelName(to), st.nextUniqueid(), uid, toDev, to, now);
        dialedLeg(p, to, l2);
        st.emit(ChanEvents.dialBegin(l2, p, to));
        p.state = 5;
        st.emit(ChanEvents.newstate(p));
        l1.state = 5;
        st.emit(ChanEvents.newstate(l1));
        st.refreshDevice(toDev);
        List<SimCall.Dial> dials = List.of(new SimCall.Dial(null, l1, to + "@" + ctx), new SimCall.Dial(l2, p, to));
        return register(new SimCall(List.of(l1, l2, p), dials, p, l2, l2, now));
    }

    private void dialedLeg(Chan b, String to, Chan caller) {
        b.state = 0;
        b.callerNum = number(to);
        b.callerName = displayName(to);
        b.context = context(to);
        b.exten = "s";
        b.application = "AppDial";
        b.appData = "(Outgoing Line)";
        add(b);
        st.emit(ChanEvents.newchannel(b));
        st.emit(ChanEvents.varSet(b, "DIALEDPEERNUMBER", to));
        b.connNum = caller.callerNum;
        b.connName = caller.callerName;
        st.emit(ChanEvents.newConnectedLine(b));
    }

    void answer(SimCall call) {
        if (call.ended || call.answered) {
            return;
        }
        List<SimCall.Dial> dials = new ArrayList<>(call.dials);
        for (int i = dials.size() - 1; i >= 0; i--) {
            SimCall.Dial d = dials.get(i);
            if (!d.dest().isUp()) {
                d.dest().state = 6;
                st.emit(ChanEvents.newstate(d.dest()));
            }
            st.emit(ChanEvents.dialEnd(d.caller(), d.dest(), "ANSWER"));
            if (d.caller() != null && !d.caller().isUp()) {
                d.caller().state = 6;
                st.emit(ChanEvents.newstate(d.caller()));
            }
        }
        if (call.queue != null) {
            queues.connect(call, queueDest(call));
        }
        String bridgeId = st.randomUuid();
        call.bridgeId = bridgeId;
        st.emit(ChanEvents.bridgeCreate(bridgeId));
        call.bridgeFirst.bridgeId = bridgeId;
        st.emit(ChanEvents.bridgeEnter(bridgeId, 1, call.bridgeFirst));
        call.bridgeSecond.bridgeId = bridgeId;
        st.emit(ChanEvents.bridgeEnter(bridgeId, 2, call.bridgeSecond));
        long now = st.now();
        st.emit(ChanEvents.cel(call.bridgeFirst, "ANSWER", "", "", now));
        call.answered = true;
        call.answeredMillis = now;
        media.start(call, now);
        refreshAll(call);
    }

    /** The channel a queued call's waiting leg dialed (the member that answers it). */
    private static Chan queueDest(SimCall call) {
        for (SimCall.Dial d : call.dials) {
            if (d.caller() == call.queueLeg) {
                return d.dest();
            }
        }
        return call.bridgeFirst;
    }

    void hangup(SimCall call, int cause) {
        hangup(call, cause, null);
    }

    /**
     * Ends the call. An unanswered one first gets DialEnd with {@code dialStatus} (null: derived from the
     * cause); an answered one leaves its bridge, completes its queue call (AgentComplete) and sets
     * RTPAUDIOQOS on every media leg just before that leg's Hangup.
     */
    void hangup(SimCall call, int cause, String dialStatus) {
        if (call.ended) {
            return;
        }
        if (call.queue != null) {
            if (call.answered) {
                queues.leave(call.queue, call);
            } else {
                queues.abandon(call.queue, call);
            }
        }
        if (!call.answered) {
            String status = dialStatus != null ? dialStatus : Ami.dialStatusFor(cause);
            for (SimCall.Dial d : call.dials) {
                st.emit(ChanEvents.dialEnd(d.caller(), d.dest(), status));
            }
        }
        st.emit(ChanEvents.softHangupRequest(call.chans.get(0), cause));
        if (call.answered && !call.bridgeId.isEmpty()) {
            st.emit(ChanEvents.bridgeLeave(call.bridgeId, 1, call.bridgeSecond));
            st.emit(ChanEvents.bridgeLeave(call.bridgeId, 0, call.bridgeFirst));
            st.emit(ChanEvents.bridgeDestroy(call.bridgeId));
        }
        queues.complete(call, "caller");
        long now = st.now();
        for (Chan c : call.chans) {
            c.bridgeId = "";
            st.channels.remove(c.name);
            media.beforeHangup(c);
            st.emit(ChanEvents.hangup(c, cause));
            st.emit(ChanEvents.cel(c, "HANGUP", "",
                    "{\"hangupcause\":" + cause + ",\"hangupsource\":\"\",\"dialstatus\":\"\"}", now));
        }
        st.emit(ChanEvents.cel(call.chans.get(call.chans.size() - 1), "LINKEDID_END", "", "", now));
        call.ended = true;
        st.calls.remove(call);
        st.processedCalls++;
        for (Chan c : call.chans) {
            if (c.device == null && c.name.endsWith(";1")) {
                String dev = c.name.substring(0, c.name.lastIndexOf('-'));
                st.emit(Events.deviceState(dev, DevState.NOT_INUSE));
            }
        }
        refreshAll(call);
    }

    private void refreshAll(SimCall call) {
        for (Chan c : call.chans) {
            st.refreshDevice(c.device);
        }
    }

    private SimCall register(SimCall call) {
        st.calls.add(call);
        return call;
    }

    private void add(Chan c) {
        st.channels.put(c.name, c);
    }

    private String requireDevice(String name) {
        String dev = st.deviceOf(name);
        if (dev == null) {
            throw new IllegalArgumentException("no such PJSIP endpoint or IAX2 peer: " + name);
        }
        return dev;
    }

    private String channelName(String name) {
        if (st.endpoints.containsKey(name)) {
            return "PJSIP/" + name + "-" + st.nextPjsipSuffix();
        }
        return "IAX2/" + name + "-" + st.nextIaxCallno();
    }

    private String number(String name) {
        Endpoint e = st.endpoints.get(name);
        if (e != null && !e.trunk) {
            return name;
        }
        return "55501" + String.format("%02d", st.random.nextInt(100));
    }

    private String displayName(String name) {
        Endpoint e = st.endpoints.get(name);
        return e != null && !e.callerName.isEmpty() ? e.callerName : name;
    }

    private String context(String name) {
        Endpoint e = st.endpoints.get(name);
        return e != null ? e.context : "from-iax";
    }
}
