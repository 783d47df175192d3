package org.pbxmon.sim;

import java.util.ArrayList;

/**
 * RTP/RTCP of answered calls: every PJSIP channel (never a Local or IAX2 one: chan_iax2 does not use
 * RTP, and the capture's IAX2 call has no RTCP or RTPAUDIOQOS) gets a {@link MediaLeg} on
 * answer, sends an RTCPReceived + RTCPSent pair each report interval (driven by {@link #emitDue()} on
 * the world clock) and sets the five RTPAUDIOQOS variables just before its Hangup. Lock held.
 */
final class MediaEngine {
    private final WorldState st;

    MediaEngine(WorldState st) {
        this.st = st;
    }

    /** The quality a leg has now: the call's override, else its endpoint's, else {@link Quality#HEALTHY}. */
    static Quality qualityOf(WorldState st, MediaLeg leg) {
        if (leg.call.quality != null) {
            return leg.call.quality;
        }
        Quality q = leg.chan.owner == null ? null : st.endpointQuality.get(leg.chan.owner);
        return q != null ? q : Quality.HEALTHY;
    }

    /** On answer: opens the RTP session of every PJSIP channel of the call. */
    void start(SimCall call, long now) {
        for (Chan c : call.chans) {
            if (c.device != null && c.device.startsWith("PJSIP/") && c.media == null) {
                int localPort = 10000 + 2 * st.random.nextInt(5000) + 1;
                int remotePort = 10000 + 2 * st.random.nextInt(5000) + 1;
                c.media = new MediaLeg(call, c, st.random.nextInt(), st.random.nextInt(),
                        st.mediaAddress + ":" + localPort, remoteHost(c.owner) + ":" + remotePort, now,
                        st.random.nextInt(65536), st.random.nextInt(65536), st.random.nextInt() & 0xffffffffL,
                        st.rtcpIntervalMillis);
            }
        }
    }

    /** One RTCP pair for every media leg whose interval has elapsed on the world clock. */
    void emitDue() {
        long now = st.now();
        for (SimCall call : new ArrayList<>(st.calls)) {
            if (!call.answered || call.ended) {
                continue;
            }
            for (Chan c : call.chans) {
                if (c.media != null && now >= c.media.nextDueMillis) {
                    report(c.media, now);
                }
            }
        }
    }

    /** One RTCP pair now for every media leg of an answered, live call (restarting its interval). */
    void rtcpNow(SimCall call) {
        if (!call.answered || call.ended) {
            return;
        }
        long now = st.now();
        for (Chan c : call.chans) {
            if (c.media != null) {
                report(c.media, now);
            }
        }
    }

    private void report(MediaLeg leg, long now) {
        leg.nextDueMillis = now + st.rtcpIntervalMillis;
        Quality q = qualityOf(st, leg);
        if (!q.media()) {
            return;
        }
        leg.sample(now, q);
        leg.reports++;
        st.emit(QosEvents.rtcpReceived(leg, q, now));
        st.emit(QosEvents.rtcpSent(leg, q, now));
    }

    /** Just before a channel's Hangup: the five RTPAUDIOQOS VarSets (nothing for a channel without RTP). */
    void beforeHangup(Chan c) {
        MediaLeg leg = c.media;
        if (leg == null) {
            return;
        }
        c.media = null;
        long now = st.now();
        Quality q = qualityOf(st, leg);
        long expected = Math.max(0, now - leg.answeredMillis) * MediaLeg.PACKETS_PER_SECOND / 1000;
        if (q.media() && (leg.mesRx.n == 0 || expected > leg.packets)) {
            leg.sample(now, q);
        }
        for (Ev e : QosEvents.rtpAudioQos(leg)) {
            st.emit(e);
        }
    }

    /** An RTCPSent for a live media leg as its next report would print it, without advancing it; else null. */
    static Ev peekSent(WorldState st, Chan c) {
        MediaLeg leg = c.media;
        if (leg == null) {
            return null;
        }
        Quality q = qualityOf(st, leg);
        return q.media() ? QosEvents.rtcpSent(leg, q, st.now()) : null;
    }

    private String remoteHost(String owner) {
        Endpoint e = owner == null ? null : st.endpoints.get(owner);
        if (e != null) {
            Contact c = e.contact();
            String uri = c != null ? c.uri : e.regUri;
            return uri == null || uri.isEmpty() ? st.mediaAddress : Worlds.hostOf(uri);
        }
        IaxPeer p = owner == null ? null : st.iaxPeers.get(owner);
        if (p != null && p.ip != null && !p.ip.startsWith("(")) {
            return p.ip;
        }
        return st.mediaAddress;
    }
}
