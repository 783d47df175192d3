package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds the top-level {@code certificates:} list: TLS endpoints and PEM files whose expiry is watched. */
final class CertificateBinder {
    static final List<String> CERT_KEYS = List.of("endpoint", "file", "interval", "timeout");
    static final Duration CERT_INTERVAL = Duration.ofHours(1);
    static final Duration TIMEOUT = ProbeBinder.TIMEOUT;

    private CertificateBinder() {
    }

    /** Every certificate target (empty if absent), or null after reporting problems. */
    static List<ProbeConfig.Certificate> certificates(JsonNode node, Values v) {
        int before = v.problems.size();
        List<JsonNode> items = v.list(node, "certificates");
        if (items == null) {
            return null;
        }
        List<ProbeConfig.Certificate> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.index("certificates", i);
            if (Values.absent(items.get(i))) {
                v.problems.add(path, "expected a mapping with endpoint or file, got nothing");
                continue;
            }
            ObjectNode c = v.mapping(items.get(i), path, CERT_KEYS);
            if (c == null) {
                continue;
            }
            ProbeConfig.Certificate cert = certificate(c, path, v);
            if (cert != null && seen.containsKey(cert.target())) {
                v.problems.add(path, "duplicate target " + Problems.quote(cert.target()) + " (also " + seen.get(cert.target()) + ")");
            } else if (cert != null) {
                seen.put(cert.target(), path);
                out.add(cert);
            }
        }
        return v.problems.size() > before ? null : out;
    }

    private static ProbeConfig.Certificate certificate(ObjectNode c, String path, Values v) {
        int before = v.problems.size();
        String endpointPath = Problems.child(path, "endpoint");
        String endpoint = v.optional(c.get("endpoint"), endpointPath, null);
        Path file = ProbeBinder.path(c.get("file"), Problems.child(path, "file"), v);
        Duration interval = v.duration(c.get("interval"), Problems.child(path, "interval"), CERT_INTERVAL);
        String timeoutPath = Problems.child(path, "timeout");
        Duration timeout = v.duration(c.get("timeout"), timeoutPath, TIMEOUT);
        if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
            v.problems.add(timeoutPath, "must be at most interval (" + Durations.format(interval) + ")");
        }
        if ((endpoint == null) == (file == null) && v.problems.size() == before) {
            v.problems.add(path, "give exactly one of endpoint (host:port) and file (a PEM file)");
        }
        HttpBinder.Listen hp = null;
        if (endpoint != null) {
            hp = HttpBinder.parseListen(endpoint, endpointPath, v.problems);
            if (hp != null && hp.port() == 0) {
                v.problems.add(endpointPath, "port must be between 1 and 65535");
            }
        }
        if (v.problems.size() > before) {
            return null;
        }
        return hp != null
                ? new ProbeConfig.Certificate(endpoint.trim(), hp.host(), hp.port(), null, interval, timeout)
                : new ProbeConfig.Certificate(file.toString(), null, 0, file, interval, timeout);
    }
}
