package org.pbxmon.incident;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pbxmon.config.IncidentsConfig;

/**
 * The {@code for:} and {@code clear_for:} of every rule: a condition fires once it held for
 * {@code for}, and stops firing once it was gone for {@code clear_for}. A flapping condition therefore
 * neither opens nor closes an incident on every flap. Conditions of a frozen PBX (see
 * {@link Rules.Evaluation#frozen()}) keep their state, except {@code ami_down}. Not thread-safe.
 */
final class Debouncer {
    private static final class State {
        Condition condition;
        long since;
        boolean firing;
        long goneSince = -1;
    }

    private final IncidentsConfig config;
    private final Map<String, State> states = new HashMap<>();

    Debouncer(IncidentsConfig config) {
        this.config = config;
    }

    /** Marks a condition as already firing (an incident that was open before a restart). */
    void restore(Condition c, long sinceMs) {
        State s = new State();
        s.condition = c;
        s.since = sinceMs;
        s.firing = true;
        states.put(c.key(), s);
    }

    /** The firing conditions after this evaluation, by key. */
    Map<String, Condition> step(Rules.Evaluation eval, long nowMs) {
        Set<String> seen = new java.util.HashSet<>();
        for (Condition c : eval.conditions()) {
            seen.add(c.key());
            State s = states.get(c.key());
            if (s == null) {
                s = new State();
                s.since = nowMs;
                states.put(c.key(), s);
            }
            s.condition = c;
            s.goneSince = -1;
            if (!s.firing && nowMs - s.since >= config.rule(c.rule()).forDuration().toMillis()) {
                s.firing = true;
            }
        }
        for (Iterator<Map.Entry<String, State>> it = states.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, State> e = it.next();
            if (seen.contains(e.getKey())) {
                continue;
            }
            State s = e.getValue();
            Condition c = s.condition;
            if (!c.rule().equals("ami_down") && !c.object().pbx().isEmpty() && eval.frozen().contains(c.object().pbx())) {
                continue; // stale state: neither open nor close
            }
            if (!s.firing) {
                it.remove();
                continue;
            }
            if (s.goneSince < 0) {
                s.goneSince = nowMs;
            }
            if (nowMs - s.goneSince >= config.rule(c.rule()).clearFor().toMillis()) {
                it.remove();
            }
        }
        Map<String, Condition> firing = new LinkedHashMap<>();
        states.forEach((k, s) -> {
            if (s.firing) {
                firing.put(k, s.condition);
            }
        });
        return firing;
    }
}
