package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The PBX state behind {@link SimWorld}, shared with the renderers and engines of this package.
 * Every read and write happens while holding {@link #lock}; events are emitted under the same lock so
 * that every session sees them in one order.
 */
final class WorldState {
    final Object lock = new Object();
    final TreeMap<String, Endpoint> endpoints = new TreeMap<>();
    final TreeMap<String, Registration> registrations = new TreeMap<>();
    final Map<String, IaxPeer> iaxPeers = new LinkedHashMap<>();
    /** IAX2 register lines in iax.conf order (IAXregistry lists them in this order). */
    final List<IaxRegistration> iaxRegistrations = new ArrayList<>();
    final Map<String, SimQueue> queues = new LinkedHashMap<>();
    final Map<String, Chan> channels = new LinkedHashMap<>();
    final List<SimCall> calls = new ArrayList<>();
    final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    final Random random;
    final long startupMillis;
    long reloadMillis;
    boolean iaxEnabled = true;
    long processedCalls;
    /** Context used for Local channels made by startLocalCall ("Local/<to>@lab-..."). */
    String localContext = "lab";
    /** The world clock (epoch millis): wall time unless a test or an unstarted demo replaces it. */
    LongSupplier clock = System::currentTimeMillis;
    /** Scripted media quality per PJSIP endpoint / IAX2 peer name (absent: {@link Quality#HEALTHY}). */
    final Map<String, Quality> endpointQuality = new HashMap<>();
    /** Interval between the RTCP reports of an answered media leg (Asterisk's default is 5 s). */
    long rtcpIntervalMillis = 5000;
    /** Address of the PBX's own RTP/RTCP sockets as printed in RTCPSent From / RTCPReceived To. */
    String mediaAddress = "127.0.0.1";
    private long uniqueSeq;
    private int pjsipSeq;
    private int localSeq;
    private int iaxCallno = 15128;

    WorldState(long seed) {
        this.random = new Random(seed);
        this.startupMillis = System.currentTimeMillis();
        this.reloadMillis = startupMillis;
    }

    void emit(Ev ev) {
        for (EventSink s : sinks) {
            s.onEvent(ev);
        }
    }

    long now() {
        return clock.getAsLong();
    }

    /** Asterisk-style Uniqueid: epoch seconds at creation, a dot and a global counter. */
    String nextUniqueid() {
        return (now() / 1000) + "." + (uniqueSeq++);
    }

    String nextPjsipSuffix() {
        return String.format("%08x", pjsipSeq++);
    }

    String nextLocalSuffix() {
        return String.format("%08x", localSeq++);
    }

    int nextIaxCallno() {
        int n = iaxCallno;
        iaxCallno = iaxCallno >= 32767 ? 2 : iaxCallno + 1;
        return n;
    }

    String randomHex(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    String randomUuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** The PJSIP endpoint or IAX2 peer called {@code name}, as a device string, or null. */
    String deviceOf(String name) {
        if (endpoints.containsKey(name)) {
            return "PJSIP/" + name;
        }
        if (iaxPeers.containsKey(name)) {
            return "IAX2/" + name;
        }
        return null;
    }

    Endpoint endpoint(String name) {
        Endpoint e = endpoints.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no such PJSIP endpoint: " + name);
        }
        return e;
    }

    // ---- device states ----------------------------------------------------------------------------

    DevState computeState(String device, boolean available) {
        boolean ringing = false;
        boolean inUse = false;
        for (Chan c : channels.values()) {
            if (device.equals(c.device)) {
                if (c.isRinging()) {
                    ringing = true;
                } else if (c.state != 0) {
                    inUse = true;
                }
            }
        }
        return DevState.fromChannels(ringing, inUse, available ? DevState.NOT_INUSE : DevState.UNAVAILABLE);
    }

    /** Initialises device and queue-member states without emitting anything (used by world builders). */
    void settleSilently() {
        for (Endpoint e : endpoints.values()) {
            e.devState = computeState(e.device(), e.available());
        }
        for (IaxPeer p : iaxPeers.values()) {
            p.devState = iaxIdle(p);
        }
        for (SimQueue q : queues.values()) {
            for (SimQueue.Member m : q.members) {
                DevState d = knownState(m.stateInterface);
                if (d != null) {
                    m.status = d.code;
                }
            }
            q.availState = q.available() > 0 ? DevState.NOT_INUSE : DevState.INUSE;
        }
    }

    private DevState iaxIdle(IaxPeer p) {
        if (p.available()) {
            return computeState(p.device(), true);
        }
        return p.status.startsWith("UNKNOWN") ? DevState.UNKNOWN : DevState.UNAVAILABLE;
    }

    private DevState knownState(String device) {
        if (device.startsWith("PJSIP/")) {
            Endpoint e = endpoints.get(device.substring(6));
            return e == null ? null : e.devState;
        }
        if (device.startsWith("IAX2/")) {
            IaxPeer p = iaxPeers.get(device.substring(5));
            return p == null ? null : p.devState;
        }
        return null;
    }

    /**
     * Recomputes the state of a PJSIP/IAX2 device; on change emits DeviceStateChange, then
     * QueueMemberStatus for every member watching it, then any Queue:x_avail change.
     */
    void refreshDevice(String device) {
        if (device == null) {
            return;
        }
        DevState now;
        DevState before;
        if (device.startsWith("PJSIP/")) {
            Endpoint e = endpoints.get(device.substring(6));
            if (e == null) {
                return;
            }
            before = e.devState;
            now = computeState(device, e.available());
            e.devState = now;
        } else if (device.startsWith("IAX2/")) {
            IaxPeer p = iaxPeers.get(device.substring(5));
            if (p == null) {
                return;
            }
            before = p.devState;
            now = iaxIdle(p);
            p.devState = now;
        } else {
            return;
        }
        if (now == before) {
            return;
        }
        emit(Events.deviceState(device, now));
        for (SimQueue q : queues.values()) {
            for (SimQueue.Member m : q.members) {
                if (m.stateInterface.equals(device) && m.status != now.code) {
                    m.status = now.code;
                    emit(Events.queueMemberStatus(q, m));
                }
            }
            refreshQueueAvail(q);
        }
    }

    void refreshQueueAvail(SimQueue q) {
        DevState avail = q.available() > 0 ? DevState.NOT_INUSE : DevState.INUSE;
        if (avail != q.availState) {
            q.availState = avail;
            emit(Events.deviceState("Queue:" + q.name + "_avail", avail));
        }
    }
}
