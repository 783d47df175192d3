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
 * @param incidents       rules, intake, store and callbacks ({@code incidents}); disabled when absent
 */
public record AgentConfig(HttpConfig http, List<PbxConfig> pbxes, Duration publishInterval, String origin,
        List<ProbeConfig> probes, List<ProbeConfig.Certificate> certificates, IncidentsConfig incidents) {
    public AgentConfig {
        Objects.requireNonNull(http, "http");
        pbxes = List.copyOf(pbxes);
        Objects.requireNonNull(publishInterval, "publishInterval");
        Objects.requireNonNull(origin, "origin");
        probes = List.copyOf(probes);
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(incidents, "incidents");
    }

    /** Without incidents. */
    public AgentConfig(HttpConfig http, List<PbxConfig> pbxes, Duration publishInterval, String origin,
            List<ProbeConfig> probes, List<ProbeConfig.Certificate> certificates) {
        this(http, pbxes, publishInterval, origin, probes, certificates, IncidentsConfig.DISABLED);
    }

    /** The same config with other incident settings. */
    public AgentConfig withIncidents(IncidentsConfig next) {
        return new AgentConfig(http, pbxes, publishInterval, origin, probes, certificates, next);
    }
}
