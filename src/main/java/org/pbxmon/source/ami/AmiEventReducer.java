package org.pbxmon.source.ami;

import java.util.function.LongSupplier;
import org.asteriskjava.manager.event.AbstractQueueMemberEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.BridgeLeaveEvent;
import org.asteriskjava.manager.event.ContactStatusEvent;
import org.asteriskjava.manager.event.DeviceStateChangeEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.PeerStatusEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueMemberStatusEvent;
import org.asteriskjava.manager.event.RegistryEvent;
import org.asteriskjava.manager.event.ReloadEvent;
import org.pbxmon.model.CoreInfo;

/**
 * Applies one live AMI event to the {@link PbxState}. Events that change nothing we track (VarSet,
 * Newexten, CEL, ...) are ignored cheaply. The reducer never does I/O; a reload or a boot only asks
 * for a resync through {@link Outcome#RESYNC}.
 */
final class AmiEventReducer {

    enum Outcome { APPLIED, IGNORED, RESYNC }

    private final PbxState state;
    private final LongSupplier clock;

    AmiEventReducer(PbxState state, LongSupplier clock) {
        this.state = state;
        this.clock = clock;
    }

    Outcome apply(ManagerEvent event) {
        long now = clock.getAsLong();
        if (event instanceof NewChannelEvent e) {
            state.change(s -> s.channels.newChannel(e.getUniqueId(), e.getChannel(), e.getLinkedid(), now));
        } else if (event instanceof HangupEvent e) {
            state.change(s -> {
                s.channels.hangup(e.getUniqueId(), now);
                s.queues.channelGone(e.getUniqueId());
            });
        } else if (event instanceof BridgeEnterEvent e) {
            state.change(s -> s.channels.bridgeEnter(e.getBridgeUniqueId(), e.getUniqueId()));
        } else if (event instanceof BridgeLeaveEvent e) {
            state.change(s -> s.channels.bridgeLeave(e.getUniqueId()));
        } else if (event instanceof ContactStatusEvent e) {
            Long rtt = parseLong(e.getRoundtripUsec());
            state.change(s -> s.endpoints.contactStatus(e.getEndpointName(), e.getUri(), e.getContactStatus(), rtt));
        } else if (event instanceof PeerStatusEvent e) {
            state.change(s -> s.endpoints.peerStatus(e.getChannelType(), e.getPeer(), e.getPeerStatus(), e.getTime()));
        } else if (event instanceof RegistryEvent e) {
            state.change(s -> s.endpoints.registry(e.getChannelType(), e.getUsername(), e.getDomain(), e.getStatus()));
        } else if (event instanceof DeviceStateChangeEvent e) {
            state.change(s -> s.endpoints.deviceState(e.getDevice(), e.getState()));
        } else if (event instanceof QueueCallerJoinEvent e) {
            state.change(s -> s.queues.callerJoin(e.getQueue(), e.getUniqueId(), now));
        } else if (event instanceof QueueCallerLeaveEvent e) {
            state.change(s -> s.queues.callerLeave(e.getQueue(), e.getUniqueId()));
        } else if (event instanceof QueueCallerAbandonEvent e) {
            state.change(s -> s.queues.callerLeave(e.getQueue(), e.getUniqueId()));
        } else if (event instanceof QueueMemberRemovedEvent e) {
            state.change(s -> s.queues.memberRemoved(e.getQueue(), iface(e)));
        } else if (event instanceof QueueMemberStatusEvent e) {
            state.change(s -> s.queues.member(e.getQueue(),
                    e.getInterface() != null ? e.getInterface() : e.getLocation(), e.getStatus(), e.getPaused()));
        } else if (event instanceof QueueMemberAddedEvent e) {
            state.change(s -> s.queues.member(e.getQueue(), iface(e), e.getStatus(), e.getPaused()));
        } else if (event instanceof QueueMemberPausedEvent e) {
            state.change(s -> s.queues.member(e.getQueue(), iface(e), null, e.getPaused()));
        } else if (event instanceof FullyBootedEvent e) {
            Integer uptime = e.getUptime();
            Long lastReload = parseLong(e.getLastreload());
            state.change(s -> s.core = new CoreInfo(s.core.version(), s.core.amiVersion(),
                    uptime == null ? s.core.startupEpochSeconds() : now / 1000 - uptime,
                    lastReload == null ? s.core.reloadEpochSeconds() : now / 1000 - lastReload,
                    s.core.processedCalls()));
            return Outcome.RESYNC;
        } else if (event instanceof ReloadEvent) {
            state.change(s -> s.core = new CoreInfo(s.core.version(), s.core.amiVersion(),
                    s.core.startupEpochSeconds(), now / 1000, s.core.processedCalls()));
            return Outcome.RESYNC;
        } else {
            return Outcome.IGNORED;
        }
        return Outcome.APPLIED;
    }

    /** Queue member events name the member by Interface (Asterisk 12+) or Location (older). */
    private static String iface(AbstractQueueMemberEvent e) {
        return e.getInterface() != null ? e.getInterface() : e.getLocation();
    }

    static Long parseLong(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
