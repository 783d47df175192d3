package org.pbxmon.incident;

import java.util.List;
import java.util.Map;

/** The real store with a switch that makes every call fail as a database that went away would. */
final class SwitchableStore implements IncidentStore {
    private final IncidentStore real;
    volatile boolean down;

    SwitchableStore(IncidentStore real) {
        this.real = real;
    }

    private void check() throws StoreException {
        if (down) {
            throw new StoreException("test: the database is down");
        }
    }

    @Override
    public void open() throws StoreException {
        check();
        real.open();
    }

    @Override
    public List<StatusEvent> apply(Batch batch, List<String> callbacks, EventFactory events) throws StoreException {
        check();
        return real.apply(batch, callbacks, events);
    }

    @Override
    public List<Incident> openIncidents() throws StoreException {
        check();
        return real.openIncidents();
    }

    @Override
    public List<Incident> incidentsSince(long sinceMs, int limit) throws StoreException {
        check();
        return real.incidentsSince(sinceMs, limit);
    }

    @Override
    public Map<String, ObjectStatus> objects() throws StoreException {
        check();
        return real.objects();
    }

    @Override
    public List<OutboxRow> claim(String callback, String owner, int max, long leaseMs, long nowMs) throws StoreException {
        check();
        return real.claim(callback, owner, max, leaseMs, nowMs);
    }

    @Override
    public void releaseAll(String owner) throws StoreException {
        check();
        real.releaseAll(owner);
    }

    @Override
    public boolean delivered(long rowId, String owner, long nowMs) throws StoreException {
        check();
        return real.delivered(rowId, owner, nowMs);
    }

    @Override
    public void retryAt(long rowId, String owner, int attempts, long nextAttemptMs, String lastError) throws StoreException {
        check();
        real.retryAt(rowId, owner, attempts, nextAttemptMs, lastError);
    }

    @Override
    public void deadLetter(long rowId, String owner, int attempts, String reason, long nowMs) throws StoreException {
        check();
        real.deadLetter(rowId, owner, attempts, reason, nowMs);
    }

    @Override
    public Map<String, OutboxStats> outboxStats() throws StoreException {
        check();
        return real.outboxStats();
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public void close() {
        real.close();
    }
}
