package org.pbxmon.incident;

import java.util.HashMap;
import java.util.Map;
import org.pbxmon.config.IncidentsConfig;

/**
 * Turns an Alertmanager alert into an incident: keyed {@code am:<fingerprint>}; on the trunk named by
 * the PBX and trunk labels, else on the PBX, else on {@code alert:<alertname>}; severity from the
 * severity label (critical, or warning for anything else).
 */
final class AlertMapper {
    private final IncidentsConfig.Alertmanager labels;

    AlertMapper(IncidentsConfig.Alertmanager labels) {
        this.labels = labels;
    }

    static String key(Alert a) {
        return "am:" + a.fingerprint();
    }

    ObjectRef object(Alert a) {
        String pbx = a.labels().getOrDefault(labels.pbxLabel(), "");
        String trunk = a.labels().getOrDefault(labels.trunkLabel(), "");
        if (!pbx.isEmpty() && !trunk.isEmpty()) {
            return ObjectRef.trunk(pbx, trunk);
        }
        if (!pbx.isEmpty()) {
            return ObjectRef.pbx(pbx);
        }
        return ObjectRef.alert(a.labels().getOrDefault("alertname", "unnamed"));
    }

    Severity severity(Alert a) {
        Severity s = Severity.parse(a.labels().get(labels.severityLabel()));
        return s == Severity.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
    }

    String region(Incident i) {
        return i.labels().getOrDefault(labels.regionLabel(), "");
    }

    /** The incident of a firing alert; {@code previous} (may be null) keeps its opening time. */
    Incident firing(Alert a, Incident previous, long nowMs) {
        String summary = a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description",
                a.labels().getOrDefault("alertname", "alert")));
        if (summary.length() > 500) {
            summary = summary.substring(0, 500);
        }
        Map<String, String> l = new HashMap<>(a.labels());
        long opened = previous != null ? previous.openedMs() : a.startsAt() > 0 ? a.startsAt() : nowMs;
        return new Incident(key(a), object(a), Incident.ALERTMANAGER, a.labels().getOrDefault("alertname", "alert"),
                severity(a), summary, opened, nowMs, null, l);
    }

    /** True when {@code next} says nothing new over {@code previous} (a re-send). */
    static boolean same(Incident previous, Incident next) {
        return previous != null && previous.open() && previous.severity() == next.severity()
                && previous.summary().equals(next.summary()) && previous.object().equals(next.object())
                && previous.labels().equals(next.labels());
    }
}
