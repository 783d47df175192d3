package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Harmless events from the real mix (VarSet, Newexten, CEL, DeviceStateChange of Local devices, RTCPSent
 * consistent with the scripted quality) and the state-preserving templates used by {@link EventBurst}.
 * Callers hold the world lock.
 */
final class NoiseEvents {
    private static final String[][] VARS = {
        {"DIALSTATUS", ""}, {"DIALEDPEERNUMBER", ""}, {"RINGTIME", ""}, {"ANSWEREDTIME", ""},
        {"DIALEDTIME", "2"}, {"RINGTIME_MS", "1203"}, {"PROGRESSTIME", ""}, {"WAITSECS", "10"},
        {"BRIDGEPEER", ""}, {"MACRO_DEPTH", "0"}, {"__FROM_DID", "5550100"}, {"CDR(userfield)", ""},
    };
    private static final String[][] APPS = {
        {"NoOp", "sim noise"}, {"Set", "CDR(userfield)="}, {"Wait", "10"}, {"Playback", "lab-hello"},
        {"Answer", ""}, {"Hangup", ""},
    };
    private static final String[] CEL_NAMES = {"APP_START", "APP_END", "CHAN_START", "ANSWER", "BRIDGE_ENTER"};
    private static final String[] LOCAL_DEVICES = {"Local/play@lab", "Local/wait@lab", "Local/bridgewait@lab"};

    private NoiseEvents() {
    }

    /** Emits {@code n} noise events without changing any state. */
    static void emit(WorldState st, int n) {
        List<Chan> chans = new ArrayList<>(st.channels.values());
        for (int i = 0; i < n; i++) {
            Chan c = chans.isEmpty() ? ghost(st) : chans.get(st.random.nextInt(chans.size()));
            st.emit(pick(st, c, i));
        }
    }

    private static Ev pick(WorldState st, Chan c, int i) {
        long now = st.now();
        switch (i % 8) {
            case 0:
            case 3: {
                String[] v = VARS[st.random.nextInt(VARS.length)];
                return ChanEvents.varSet(c, v[0], v[1]);
            }
            case 1:
            case 5: {
                String[] a = APPS[st.random.nextInt(APPS.length)];
                return ChanEvents.newexten(c, a[0], a[1]);
            }
            case 2:
            case 6:
                return ChanEvents.cel(c, CEL_NAMES[st.random.nextInt(2)], "", "", now);
            case 4:
                return Events.deviceState(LOCAL_DEVICES[st.random.nextInt(LOCAL_DEVICES.length)],
                        st.random.nextBoolean() ? DevState.NOT_INUSE : DevState.INUSE);
            default:
                return rtcpSent(st, c, st.random.nextInt(), 11603 + i);
        }
    }

    /**
     * An RTCPSent that contradicts no scripted quality: a live media leg's own next report, else the
     * capture's static report on the {@link #ghost} channel (never on a PJSIP/IAX2 channel without RTP).
     */
    private static Ev rtcpSent(WorldState st, Chan c, long ssrc, long seq) {
        Ev real = MediaEngine.peekSent(st, c);
        return real != null ? real : ChanEvents.rtcpSent(ghost(st), ssrc, seq);
    }

    /** A channel snapshot for noise when no channel is up: like a Local channel that has just gone. */
    static Chan ghost(WorldState st) {
        String uid = (st.startupMillis / 1000) + ".999999";
        Chan c = new Chan("Local/noise@lab-0000ffff;1", uid, uid, null, null, st.startupMillis);
        c.state = 6;
        c.callerNum = "9000";
        c.callerName = "Lab Load";
        c.connNum = "9000";
        c.connName = "Lab Load";
        c.context = "lab";
        c.exten = "wait";
        return c;
    }

    /**
     * Templates for a burst: mostly VarSet / Newexten / CEL on live channels, plus DeviceStateChange,
     * Newstate and ContactStatus that repeat the current state of existing objects.
     */
    static List<Ev> burstTemplates(WorldState st) {
        List<Ev> out = new ArrayList<>();
        List<Chan> chans = new ArrayList<>(st.channels.values());
        List<Chan> pool = new ArrayList<>();
        for (int i = 0; i < Math.min(4, chans.size()); i++) {
            pool.add(chans.get(i));
        }
        if (pool.isEmpty()) {
            pool.add(ghost(st));
        }
        long now = st.now();
        for (int i = 0; i < 12; i++) {
            String[] v = VARS[i % VARS.length];
            out.add(ChanEvents.varSet(pool.get(i % pool.size()), v[0], v[1]));
        }
        for (int i = 0; i < 8; i++) {
            String[] a = APPS[i % APPS.length];
            out.add(ChanEvents.newexten(pool.get(i % pool.size()), a[0], a[1]));
        }
        for (int i = 0; i < 10; i++) {
            out.add(ChanEvents.cel(pool.get(i % pool.size()), i % 2 == 0 ? "APP_START" : "APP_END", "", "", now));
        }
        for (String d : LOCAL_DEVICES) {
            out.add(Events.deviceState(d, DevState.NOT_INUSE));
        }
        for (Chan c : chans.subList(0, Math.min(2, chans.size()))) {
            out.add(ChanEvents.newstate(c));
        }
        int contacts = 0;
        for (Endpoint e : st.endpoints.values()) {
            if (contacts >= 3) {
                break;
            }
            Contact c = e.contact();
            if (c != null) {
                long rtt = "Reachable".equals(c.status) ? c.rttUsec : 0;
                out.add(Events.contactStatus(c, e.name, c.status, rtt));
                out.add(Events.deviceState(e.device(), e.devState));
                contacts++;
            }
        }
        out.add(rtcpSent(st, pool.get(0), 0x42ca3cf2L, 11603));
        return out;
    }
}
