package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.List;

/** An app_queue queue with members and waiting callers. Mutated under the world lock. */
final class SimQueue {
    final String name;
    final String strategy;
    final int ringinuse;
    final List<Member> members = new ArrayList<>();
    final List<Caller> callers = new ArrayList<>();
    int holdtime;
    int talktime;
    int completed;
    int abandoned;
    /** Calls whose talk time went into {@link #talktime}. */
    int talkCount;
    /** Last state announced for the "Queue:name_avail" device. */
    DevState availState = DevState.UNKNOWN;

    SimQueue(String name, String strategy, int ringinuse) {
        this.name = name;
        this.strategy = strategy;
        this.ringinuse = ringinuse;
    }

    Member member(String iface) {
        for (Member m : members) {
            if (m.location.equals(iface) || m.stateInterface.equals(iface)) {
                return m;
            }
        }
        return null;
    }

    Caller caller(SimCall call) {
        for (Caller c : callers) {
            if (c.call == call) {
                return c;
            }
        }
        return null;
    }

    int loggedIn() {
        int n = 0;
        for (Member m : members) {
            if (m.status != DevState.UNAVAILABLE.code && m.status != DevState.INVALID.code) {
                n++;
            }
        }
        return n;
    }

    int available() {
        int n = 0;
        for (Member m : members) {
            boolean free = m.status == DevState.NOT_INUSE.code || m.status == DevState.UNKNOWN.code;
            if (free && !m.paused) {
                n++;
            }
        }
        return n;
    }

    /** A static queue member. */
    static final class Member {
        final String name;
        final String location;
        final String stateInterface;
        final long loginTime;
        int callsTaken;
        long lastCall;
        long lastPause;
        int inCall;
        int status;
        boolean paused;
        String pausedReason = "";

        Member(String name, String location, String stateInterface, long loginTime, int status) {
            this.name = name;
            this.location = location;
            this.stateInterface = stateInterface;
            this.loginTime = loginTime;
            this.status = status;
        }
    }

    /** A caller waiting in the queue. */
    static final class Caller {
        final SimCall call;
        final Chan chan;
        final long joinMillis;
        final int originalPosition;

        Caller(SimCall call, Chan chan, long joinMillis, int originalPosition) {
            this.call = call;
            this.chan = chan;
            this.joinMillis = joinMillis;
            this.originalPosition = originalPosition;
        }
    }
}
