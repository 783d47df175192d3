package org.pbxmon.model;

/**
 * Config reloads since the agent started (SIGHUP, {@code POST /monitor/reload}).
 *
 * @param lastOk true when the last reload succeeded, or when none happened yet
 */
public record ReloadStats(long succeeded, long failed, boolean lastOk) {
    public static final ReloadStats NONE = new ReloadStats(0, 0, true);
}
