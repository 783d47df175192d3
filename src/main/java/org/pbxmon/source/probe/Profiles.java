package org.pbxmon.source.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** THE catalogue of probe profiles: a new product is one more {@link Profile} here and nowhere else. */
final class Profiles {
    private static final Map<String, Profile> ALL = new LinkedHashMap<>();

    static {
        for (Profile p : List.of(new ItgrixProfile(), new WebimProfile(), new GenericProfile())) {
            ALL.put(p.name(), p);
        }
    }

    private Profiles() {
    }

    /** The profile of that name; the config only allows names listed here. */
    static Profile get(String name) {
        Profile p = ALL.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown probe profile " + name);
        }
        return p;
    }

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
