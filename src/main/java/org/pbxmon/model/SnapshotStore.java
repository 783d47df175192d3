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

    public void publish(PbxSnapshot snapshot) {
        byName.put(snapshot.name(), snapshot);
        published.merge(snapshot.name(), 1L, Long::sum);
    }

    public void remove(String pbx) {
        byName.remove(pbx);
        published.remove(pbx);
    }

    /** Snapshots in PBX-name order. */
    public Collection<PbxSnapshot> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public PbxSnapshot get(String pbx) {
        return byName.get(pbx);
    }

    public long publications(String pbx) {
        return published.getOrDefault(pbx, 0L);
    }
}
