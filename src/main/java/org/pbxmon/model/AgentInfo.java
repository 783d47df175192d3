package org.pbxmon.model;

/**
 * Facts about the agent process itself, for /status and pbxmon_build_info.
 *
 * @param configPath the config file in use, or "<demo>"
 * @param log        where the log goes ("stderr" unless redirected)
 */
public record AgentInfo(String version, String revision, long startedEpochMs, String instanceId, String configPath,
        String log) {
}
