package org.pbxmon.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Holds the latest published snapshot of every PBX. Sources call {@link #publish}; exporters call
 * {@link #all} or {@link #get}. Reads never block and never touch a source.
 */
public final class SnapshotStore {
    private final Map<String, PbxSnapshot> byName = new ConcurrentSkipListMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<ActiveChannel>> channels = new ConcurrentHashMap<>();
    private final Map<String, CelStatus> cel = new ConcurrentSkipListMap<>();
    private final Map<String, ProbeStatus> probes = new ConcurrentSkipListMap<>();
    private final TimerStats timers = new TimerStats();
    private volatile ReloadStats reloads = ReloadStats.NONE;
    private volatile IncidentsView incidents = IncidentsView.DISABLED;
    private volatile java.util.function.Supplier<Map<String, Long>> suppressedLogLines = Map::of;

    public void publish(PbxSnapshot snapshot) {
        byName.put(snapshot.name(), snapshot);
        published.merge(snapshot.name(), 1L, Long::sum);
    }

    /** The live channels of a PBX, published by its source with each snapshot (for the live panel). */
    public void publishChannels(String pbx, java.util.List<ActiveChannel> live) {
        channels.put(pbx, java.util.List.copyOf(live));
    }

    /** The live channels of a PBX as last published, empty when none or unknown. */
    public java.util.List<ActiveChannel> channels(String pbx) {
        return channels.getOrDefault(pbx, java.util.List.of());
    }

    public void remove(String pbx) {
        byName.remove(pbx);
        channels.remove(pbx);
        published.remove(pbx);
    }

    /** Snapshots in PBX-name order. */
    public Collection<PbxSnapshot> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public PbxSnapshot get(String pbx) {
        return byName.get(pbx);
    }

    public void publishCel(CelStatus status) {
        cel.put(status.pbx(), status);
    }

    public void removeCel(String pbx) {
        cel.remove(pbx);
    }

    /** CEL status of a PBX, or null when it has no CEL source. */
    public CelStatus cel(String pbx) {
        return cel.get(pbx);
    }

    /** CEL statuses in PBX-name order. */
    public Collection<CelStatus> allCel() {
        return Collections.unmodifiableCollection(cel.values());
    }

    public void publishProbe(ProbeStatus status) {
        probes.put(status.name(), status);
    }

    public void removeProbe(String name) {
        probes.remove(name);
    }

    /** Probe results in probe-name order. */
    public Collection<ProbeStatus> probes() {
        return Collections.unmodifiableCollection(probes.values());
    }

    public void publishReloads(ReloadStats stats) {
        reloads = stats;
    }

    public ReloadStats reloads() {
        return reloads;
    }

    public void publishIncidents(IncidentsView view) {
        incidents = java.util.Objects.requireNonNull(view, "view");
    }

    /** The incident engine's latest view; {@link IncidentsView#DISABLED} while incidents are off. */
    public IncidentsView incidents() {
        return incidents;
    }

    /** Execution statistics of every periodic task of the agent. */
    /** Where the agent's counts of suppressed repeated log lines come from (per logger). */
    public void suppressedLogLines(java.util.function.Supplier<Map<String, Long>> source) {
        this.suppressedLogLines = source;
    }

    /** Repeated WARN/ERROR lines not logged again, per logger, for the life of the agent. */
    public Map<String, Long> suppressedLogLines() {
        return Map.copyOf(suppressedLogLines.get());
    }

    public TimerStats timers() {
        return timers;
    }

    public long publications(String pbx) {
        return published.getOrDefault(pbx, 0L);
    }
}
