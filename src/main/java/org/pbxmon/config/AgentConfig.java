package org.pbxmon.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole agent configuration.
 *
 * @param http            the embedded HTTP server
 * @param pbxes           the monitored PBXes, possibly empty, names unique
 * @param publishInterval how often a changed live state becomes a new snapshot
 * @param origin          where it came from: the file path, or {@code "<demo>"}
 * @param probes          HTTP JSON probes ({@code probes}), possibly empty, names unique
 * @param certificates    certificates whose expiry is watched ({@code certificates}), possibly empty
 */
public record AgentConfig(HttpConfig http, List<PbxConfig> pbxes, Duration publishInterval, String origin,
        List<ProbeConfig> probes, List<ProbeConfig.Certificate> certificates) {
    public AgentConfig {
        Objects.requireNonNull(http, "http");
        pbxes = List.copyOf(pbxes);
        Objects.requireNonNull(publishInterval, "publishInterval");
        Objects.requireNonNull(origin, "origin");
        probes = List.copyOf(probes);
        certificates = List.copyOf(certificates);
    }
}
