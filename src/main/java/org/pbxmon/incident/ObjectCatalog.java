package org.pbxmon.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.config.IncidentsConfig.ObjectMeta;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.SnapshotStore;

/**
 * Every monitored object: those the config describes, those the snapshots show (PBXes, trunks,
 * queues, HTTP probes), and those an incident names; each with its metadata, live use and status.
 */
final class ObjectCatalog {
    private final IncidentsConfig config;
    private final SnapshotStore snapshots;
    private final AlertMapper alerts;

    ObjectCatalog(IncidentsConfig config, SnapshotStore snapshots) {
        this.config = config;
        this.snapshots = snapshots;
        this.alerts = new AlertMapper(config.alertmanager());
    }

    /** All objects by id, in id order. */
    List<ObjectView> all(Map<String, ObjectStatus> statuses, Collection<Incident> open) {
        Map<String, ObjectRef> refs = new TreeMap<>();
        config.objects().keySet().forEach(id -> put(refs, ObjectRef.parse(id)));
        for (PbxSnapshot p : snapshots.all()) {
            put(refs, ObjectRef.pbx(p.name()));
            for (Endpoint e : p.endpoints()) {
                if (e.kind() == EndpointKind.TRUNK) {
                    put(refs, ObjectRef.trunk(p.name(), e.name()));
                }
            }
            for (QueueState q : p.queues()) {
                put(refs, ObjectRef.queue(p.name(), q.name()));
            }
        }
        for (ProbeStatus s : snapshots.probes()) {
            if (ProbeStatus.HTTP.equals(s.kind())) {
                put(refs, ObjectRef.probe(s.name()));
            }
        }
        statuses.values().forEach(s -> put(refs, s.object()));
        Map<String, List<Incident>> byObject = new HashMap<>();
        for (Incident i : open) {
            put(refs, i.object());
            byObject.computeIfAbsent(i.object().id(), k -> new ArrayList<>()).add(i);
        }
        List<ObjectView> out = new ArrayList<>(refs.size());
        for (ObjectRef r : refs.values()) { // each object's own incidents, not all of them: linear, not quadratic
            out.add(view(r, statuses.get(r.id()), byObject.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    private static void put(Map<String, ObjectRef> refs, ObjectRef r) {
        if (r != null) {
            refs.putIfAbsent(r.id(), r);
        }
    }

    ObjectView view(ObjectRef r, ObjectStatus status, Collection<Incident> allOpen) {
        List<Incident> open = allOpen.stream().filter(i -> i.object().equals(r))
                .sorted(Comparator.comparing(Incident::severity).reversed().thenComparingLong(Incident::openedMs))
                .toList();
        ObjectMeta meta = config.objects().getOrDefault(r.id(), ObjectMeta.NONE);
        if (meta.region().isEmpty()) {
            for (Incident i : open) {
                String region = alerts.region(i);
                if (!region.isEmpty()) {
                    meta = new ObjectMeta(meta.serverTag(), region, meta.regionCode(), meta.primaryServer(),
                            meta.service(), meta.capacity(), meta.numbers());
                    break;
                }
            }
        }
        Integer used = null;
        Integer capacity = meta.capacity();
        if (r.kind().equals(ObjectRef.TRUNK)) {
            PbxSnapshot p = snapshots.get(r.pbx());
            if (p != null && p.live()) {
                for (Endpoint e : p.endpoints()) {
                    if (e.name().equals(r.name()) && e.kind() == EndpointKind.TRUNK) {
                        used = e.channels();
                        if (capacity == null) {
                            capacity = e.capacity();
                        }
                    }
                }
            }
        }
        Severity fin = status == null ? Severity.OPERATIONAL : status.finalStatus();
        return new ObjectView(r, meta, fin, used, capacity, open, status == null ? 0 : status.modifiedMs());
    }
}
