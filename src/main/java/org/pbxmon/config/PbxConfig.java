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
 * @param quality            call quality, KPI, queue service and tenant settings
 */
public record PbxConfig(String name, AmiConfig ami, TrunkRules trunks, Duration stuckCallThreshold, CelConfig cel,
        QualityConfig quality) {
    /** With the default quality settings. */
    public PbxConfig(String name, AmiConfig ami, TrunkRules trunks, Duration stuckCallThreshold, CelConfig cel) {
        this(name, ami, trunks, stuckCallThreshold, cel, QualityConfig.DEFAULTS);
    }

    public PbxConfig {
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(trunks, "trunks");
        Objects.requireNonNull(stuckCallThreshold, "stuckCallThreshold");
    }
}
