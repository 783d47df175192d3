package org.pbxmon.incident;

import java.util.List;

/** Where the Alertmanager intake hands a whole, valid notification. */
public interface AlertSink {
    /** What became of a notification. */
    enum Result {
        /** Applied (or queued in order behind earlier changes while the store is down). */
        ACCEPTED,
        /** Incidents are disabled in the config. */
        DISABLED,
        /** Not taken: the store is down and the in-memory queue is full; the sender should retry. */
        BUSY
    }

    /**
     * Takes every alert of one notification as one batch: all of it or none of it. A firing alert
     * opens or updates the incident keyed by its fingerprint; a resolved one closes it; a re-send of
     * the same state changes nothing.
     */
    Result accept(List<Alert> alerts);
}
