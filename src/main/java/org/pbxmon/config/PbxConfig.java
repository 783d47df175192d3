package org.pbxmon.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One monitored PBX.
 *
 * @param name               unique, {@code [A-Za-z0-9_.-]+}
 * @param ami                how to reach its Asterisk Manager Interface
 * @param trunks             per-PBX trunk classification overrides
 * @param stuckCallThreshold calls older than this count as stuck
 * @param cel                how to read its CEL table, null when it has none
 */
public record PbxConfig(String name, AmiConfig ami, TrunkRules trunks, Duration stuckCallThreshold, CelConfig cel) {
    public PbxConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(trunks, "trunks");
        Objects.requireNonNull(stuckCallThreshold, "stuckCallThreshold");
    }
}
