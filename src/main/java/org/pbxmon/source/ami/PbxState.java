package org.pbxmon.source.ami;

import java.util.List;
import java.util.function.Consumer;
import org.pbxmon.model.CallStats;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/**
 * The mutable live state of one PBX. One writer at a time (the AMI event thread or a resync) changes
 * it inside {@link #change}; {@link #view} copies it out for an immutable snapshot.
 */
final class PbxState {
    final EndpointTracker endpoints = new EndpointTracker();
    final ChannelTracker channels = new ChannelTracker();
    final QueueTracker queues = new QueueTracker();
    CoreInfo core = CoreInfo.UNKNOWN;
    private long version;

    /** What a snapshot needs from the live state, copied under the lock. */
    record View(long version, CoreInfo core, CallStats calls, List<Endpoint> endpoints,
            List<Registration> registrations, List<QueueState> queues) {
    }

    synchronized void change(Consumer<PbxState> mutation) {
        mutation.accept(this);
        version++;
    }

    synchronized long version() {
        return version;
    }

    synchronized View view(TrunkClassifier classifier, long nowMs, long stuckAfterMs) {
        return new View(version, core, channels.stats(nowMs, stuckAfterMs),
                endpoints.endpoints(classifier, channels.channelsByDevice()), endpoints.registrations(),
                queues.snapshot(nowMs));
    }
}
