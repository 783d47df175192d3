package org.pbxmon.model;

/**
 * Facts from CoreSettings and CoreStatus.
 *
 * @param startupEpochSeconds when Asterisk started, 0 when not known yet
 * @param reloadEpochSeconds  when Asterisk last reloaded, 0 when not known yet
 * @param processedCalls      CoreProcessedCalls as last reported
 */
public record CoreInfo(String version, String amiVersion, long startupEpochSeconds, long reloadEpochSeconds,
        long processedCalls) {

    public static final CoreInfo UNKNOWN = new CoreInfo("", "", 0, 0, 0);
}
