package org.pbxmon.incident.durability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alertmanager webhook notifications (payload version 4) of one alert each, as Alertmanager sends them:
 * a fingerprint per alert (here the SHA-256 of its name, cut to 16 hex digits), {@code startsAt} when it
 * fired, and on resolve the same {@code startsAt} with {@code endsAt}. The alert has no {@code pbx}
 * label, so the agent maps it to object {@code alert:<name>}, severity warning.
 */
final class Alerts {
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    String firing(String name) {
        Instant at = started.computeIfAbsent(name, n -> Instant.now());
        return notification("firing", name, at, "0001-01-01T00:00:00Z");
    }

    String resolved(String name) {
        Instant at = started.computeIfAbsent(name, n -> Instant.now());
        Instant end = Instant.now();
        return notification("resolved", name, at, (end.isBefore(at) ? at : end).toString());
    }

    private static String notification(String status, String name, Instant startsAt, String endsAt) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"%1$s\\"}","status":"%2$s","receiver":"pbxmon",
                 "groupLabels":{"alertname":"%1$s"},"commonLabels":{"alertname":"%1$s"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.test:9093","truncatedAlerts":0,
                 "alerts":[{"status":"%2$s","labels":{"alertname":"%1$s","job":"durability"},
                   "annotations":{"summary":"%1$s is %2$s"},"startsAt":"%3$s","endsAt":"%4$s",
                   "generatorURL":"http://prometheus.test:9090/graph","fingerprint":"%5$s"}]}
                """.formatted(name, status, startsAt, endsAt, fingerprint(name));
    }

    static String fingerprint(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
