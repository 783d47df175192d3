package org.pbxmon.source.ami;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pbxmon.config.QualityConfig;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.source.ami.calls.CallTracker;
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
    final CallTracker calls;
    CoreInfo core = CoreInfo.UNKNOWN;
    /** Devices ("PJSIP/carrier") of the endpoints classified as trunks, to their names; refreshed at each view. */
    private Map<String, String> trunkDevices = Map.of();
    private long version;

    /** What a snapshot needs from the live state, copied under the lock. */
    record View(long version, CoreInfo core, CallStats calls, List<Endpoint> endpoints,
            List<Registration> registrations, List<QueueState> queues, CallQuality quality) {
    }

    PbxState() {
        this(QualityConfig.DEFAULTS, null);
    }

    PbxState(QualityConfig quality, String amiUser) {
        this.calls = new CallTracker(quality, amiUser);
    }

    /** Sets the trunk devices directly (tests; {@link #view} refreshes them from the classified endpoints). */
    synchronized void trunkDevices(Map<String, String> devices) {
        trunkDevices = Map.copyOf(devices);
    }

    /** The trunk a device belongs to, null for an extension (as of the last view). */
    String trunkOf(String device) {
        return trunkDevices.get(device);
    }

    synchronized void change(Consumer<PbxState> mutation) {
        mutation.accept(this);
        version++;
    }

    /** An RTCP sample, the hot path: no capturing lambda per report. */
    synchronized void rtcp(org.pbxmon.source.ami.quality.RtcpReportParser.Sample r) {
        calls.rtcp(r);
        version++;
    }

    synchronized long version() {
        return version;
    }

    /** The live channels, copied under the lock. */
    synchronized List<org.pbxmon.model.ActiveChannel> activeChannels() {
        return channels.active();
    }

    synchronized View view(TrunkClassifier classifier, long nowMs, long stuckAfterMs) {
        List<Endpoint> eps = endpoints.endpoints(classifier, channels.channelsByDevice());
        Map<String, String> trunks = new HashMap<>();
        for (Endpoint e : eps) {
            if (e.kind() == EndpointKind.TRUNK) {
                trunks.put(e.technology() + "/" + e.name(), e.name());
            }
        }
        trunkDevices = trunks;
        List<QueueState> qs = queues.snapshot(nowMs);
        List<String> queueNames = new ArrayList<>(qs.size());
        for (QueueState q : qs) {
            queueNames.add(q.name());
        }
        return new View(version, core, channels.stats(nowMs, stuckAfterMs), eps, endpoints.registrations(), qs,
                calls.snapshot(nowMs, this::trunkOf, queueNames));
    }
}
