package org.pbxmon.model;

import java.util.List;

/**
 * Everything the agent knows about one PBX at one instant. Immutable: sources build a new one and
 * publish it; exporters render it and never mutate it.
 *
 * @param source        "user@host:port", never a password
 * @param quality       call quality, traffic KPIs and queue service
 */
public record PbxSnapshot(
        String name,
        String source,
        AmiStatus ami,
        CoreInfo core,
        CallStats calls,
        List<Endpoint> endpoints,
        List<Registration> registrations,
        List<QueueState> queues,
        List<CollectorResult> collectors,
        long takenEpochMs,
        CallQuality quality) {

    /** Without call quality (nothing measured yet). */
    public PbxSnapshot(String name, String source, AmiStatus ami, CoreInfo core, CallStats calls, List<Endpoint> endpoints,
            List<Registration> registrations, List<QueueState> queues, List<CollectorResult> collectors,
            long takenEpochMs) {
        this(name, source, ami, core, calls, endpoints, registrations, queues, collectors, takenEpochMs,
                CallQuality.EMPTY);
    }

    public PbxSnapshot {
        quality = quality == null ? CallQuality.EMPTY : quality;
        endpoints = List.copyOf(endpoints);
        registrations = List.copyOf(registrations);
        queues = List.copyOf(queues);
        collectors = List.copyOf(collectors);
    }

    public static PbxSnapshot initial(String name, String source) {
        return new PbxSnapshot(name, source, AmiStatus.INITIAL, CoreInfo.UNKNOWN, CallStats.EMPTY, List.of(),
                List.of(), List.of(), List.of(), System.currentTimeMillis());
    }

    /** The AMI session is logged in (it may still be syncing). */
    public boolean up() {
        return ami.connected();
    }

    /**
     * The live state is trustworthy: the session is logged in and a complete sync of this session has
     * finished. While false, exporters leave out every live-state value (channels, calls, bridges,
     * endpoints, trunks, registrations, queues, durations) instead of showing stale or zero figures.
     */
    public boolean live() {
        return ami.connected() && ami.synced();
    }
}
