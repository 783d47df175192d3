package org.pbxmon.export;

import org.pbxmon.model.CelStatus;

/**
 * THE rule of when the age of the newest CEL row is known, shared by {@code /metrics}
 * ({@code asterisk_cel_last_event_age_seconds}), {@code /zabbix} ({@code cel_last_event_age_seconds})
 * and {@code /status} ({@code cel.last_event_age_seconds}). {@link CelStatus#lastEventAgeSeconds()} is
 * 0 both for "a row written just now" and for "no row": only a poll that succeeded once, on a
 * table with rows, whose newest row has an {@code eventtime}, knows the age.
 */
public final class CelAge {
    private CelAge() {
    }

    /** The age in seconds, or null when it is not known (no successful poll yet, empty table, no row time). */
    public static Double seconds(CelStatus c) {
        if (c == null || !c.hasData() || c.lastId() <= 0 || c.lastEventEpochMs() <= 0) {
            return null;
        }
        return c.lastEventAgeSeconds();
    }
}
