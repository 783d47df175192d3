package org.pbxmon.incident;

import java.util.Map;
import java.util.Objects;

/**
 * One alert of an Alertmanager webhook (payload version 4).
 *
 * @param status   {@code firing} or {@code resolved}
 * @param startsAt epoch ms
 * @param endsAt   epoch ms, or null when Alertmanager sent none (or its zero time)
 */
public record Alert(String fingerprint, String status, Map<String, String> labels, Map<String, String> annotations,
        long startsAt, Long endsAt, String generatorUrl) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(status, "status");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    public boolean firing() {
        return FIRING.equals(status);
    }
}
