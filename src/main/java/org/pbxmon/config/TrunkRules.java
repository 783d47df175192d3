package org.pbxmon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Per-PBX overrides of trunk/extension classification.
 *
 * @param names            endpoint/peer names forced to be trunks
 * @param extensions       endpoint/peer names forced to be extensions (disjoint from {@code names})
 * @param match            names matching this regex are trunks; null when not set
 * @param capacityChannels trunk name to its maximum simultaneous channels (each at least 1)
 */
public record TrunkRules(Set<String> names, Set<String> extensions, Pattern match,
                         Map<String, Integer> capacityChannels) {
    private static final TrunkRules NONE = new TrunkRules(Set.of(), Set.of(), null, Map.of());

    public TrunkRules {
        names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
        extensions = Collections.unmodifiableSet(new LinkedHashSet<>(extensions));
        capacityChannels = Collections.unmodifiableMap(new LinkedHashMap<>(capacityChannels));
    }

    /** No overrides at all. */
    public static TrunkRules none() {
        return NONE;
    }

    /** Value equality; patterns compare by regex and flags ({@link Pattern} itself has identity equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrunkRules t
                && names.equals(t.names)
                && extensions.equals(t.extensions)
                && Objects.equals(patternKey(match), patternKey(t.match))
                && capacityChannels.equals(t.capacityChannels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, extensions, patternKey(match), capacityChannels);
    }

    private static String patternKey(Pattern p) {
        return p == null ? null : p.flags() + "/" + p.pattern();
    }
}
