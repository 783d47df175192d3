package org.pbxmon.incident;

import java.util.List;
import java.util.Map;

/**
 * Durable incidents, object statuses and the callback outbox: H2 in file mode by default, or a shared
 * MariaDB. Thread-safe. Every method either does all of its work in one transaction or none of it.
 */
public interface IncidentStore extends AutoCloseable {
    /**
     * Opens the database and runs the migrations.
     *
     * @throws StoreException naming the path or URL when the database cannot be opened or migrated
     */
    void open() throws StoreException;

    /**
     * In one transaction: writes every incident of the batch, and for every transition whose stored
     * final status differs from {@code to} (read with a row lock), updates the object, writes a
     * history row and one outbox row per name in {@code callbacks}. Returns the events recorded.
     */
    List<StatusEvent> apply(Batch batch, List<String> callbacks, EventFactory events) throws StoreException;

    /** Every open incident. */
    List<Incident> openIncidents() throws StoreException;

    /** Incidents opened, updated or closed at or after {@code sinceMs}, newest first, at most {@code limit}. */
    List<Incident> incidentsSince(long sinceMs, int limit) throws StoreException;

    /** Every object's stored status, by object id. */
    Map<String, ObjectStatus> objects() throws StoreException;

    /**
     * Leases up to {@code max} rows of {@code callback} that are due ({@code next attempt <= nowMs}) and
     * not leased by anyone else (or whose lease expired), oldest first, until {@code nowMs + leaseMs}.
     * Two agents on one database never lease the same row at once.
     */
    List<OutboxRow> claim(String callback, String owner, int max, long leaseMs, long nowMs) throws StoreException;

    /** Drops the leases {@code owner} holds (at start: an agent holds none from a life before a crash). */
    void releaseAll(String owner) throws StoreException;

    /** Marks a row delivered, if {@code owner} still holds its lease; returns false when it did not. */
    boolean delivered(long rowId, String owner, long nowMs) throws StoreException;

    /** Schedules another attempt and drops the lease. */
    void retryAt(long rowId, String owner, int attempts, long nextAttemptMs, String lastError) throws StoreException;

    /** Gives a row up: it stays, as a dead letter with its reason. */
    void deadLetter(long rowId, String owner, int attempts, String reason, long nowMs) throws StoreException;

    /** The outbox of every callback that has rows, by callback name. */
    Map<String, OutboxStats> outboxStats() throws StoreException;

    /** "H2 file /var/lib/pbxmon/incidents" or the JDBC URL without credentials: for status and logs. */
    String describe();

    @Override
    void close();
}
