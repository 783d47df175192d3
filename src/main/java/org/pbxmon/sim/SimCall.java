package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A call made by {@link SimWorld#startCall} or {@link SimWorld#startLocalCall}: its channels share one
 * Linkedid (the Uniqueid of the first channel).
 */
public final class SimCall {
    /** One Dial: {@code caller} dials {@code dest} (caller is null for an originate of a Local channel). */
    record Dial(Chan caller, Chan dest, String dialString) {
    }

    /** The queue member that answered the call (AgentConnect), remembered for AgentComplete. */
    record Agent(String queue, String iface, String memberName, Chan dest, long holdTime) {
    }

    final String linkedId;
    final List<Chan> chans;
    final List<Dial> dials;
    /** The two channels bridged on answer (first enters first). */
    final Chan bridgeFirst;
    final Chan bridgeSecond;
    /** The channel that waits in a queue when the call joins one. */
    final Chan queueLeg;
    final long startedMillis;
    String bridgeId = "";
    volatile boolean answered;
    volatile boolean ended;
    long answeredMillis;
    /** Queue the call currently waits in, or null. */
    String queue;
    /** Set by AgentConnect when a queue member answered; cleared by AgentComplete. */
    Agent agent;
    /** Scripted quality of all its media legs, overriding the endpoints' defaults; null for none. */
    Quality quality;

    SimCall(List<Chan> chans, List<Dial> dials, Chan bridgeFirst, Chan bridgeSecond, Chan queueLeg,
            long startedMillis) {
        this.chans = Collections.unmodifiableList(new ArrayList<>(chans));
        this.dials = Collections.unmodifiableList(new ArrayList<>(dials));
        this.linkedId = chans.get(0).linkedid;
        this.bridgeFirst = bridgeFirst;
        this.bridgeSecond = bridgeSecond;
        this.queueLeg = queueLeg;
        this.startedMillis = startedMillis;
    }

    /** The Linkedid shared by all channels of the call (= Uniqueid of the first channel). */
    public String linkedId() {
        return linkedId;
    }

    /** Channel names in creation order, e.g. {@code [PJSIP/101-00000000, PJSIP/102-00000001]}. */
    public List<String> channels() {
        List<String> names = new ArrayList<>(chans.size());
        for (Chan c : chans) {
            names.add(c.name);
        }
        return Collections.unmodifiableList(names);
    }

    /** Uniqueids in creation order (same order as {@link #channels()}). */
    public List<String> uniqueIds() {
        List<String> ids = new ArrayList<>(chans.size());
        for (Chan c : chans) {
            ids.add(c.uniqueid);
        }
        return Collections.unmodifiableList(ids);
    }

    public boolean isAnswered() {
        return answered;
    }

    public boolean isEnded() {
        return ended;
    }

    @Override
    public String toString() {
        return "SimCall[" + linkedId + " " + channels() + (ended ? " ended" : answered ? " up" : " ringing") + "]";
    }
}
