package org.pbxmon.incident.callback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.ObjectStatus;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.StoreException;

/** Any store, failing the next {@code n} claims or delivered-marks on request, and counting claims. */
final class FlakyStore implements IncidentStore {
    private final IncidentStore store;
    final AtomicInteger failClaims = new AtomicInteger();
    final AtomicInteger failDelivered = new AtomicInteger();
    final AtomicInteger claims = new AtomicInteger();

    FlakyStore(IncidentStore store) {
        this.store = store;
    }

    private static void maybeFail(AtomicInteger n, String what) throws StoreException {
        if (n.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            throw new StoreException("injected failure: " + what);
        }
    }

    @Override
    public List<OutboxRow> claim(String callback, String owner, int max, long leaseMs, long nowMs)
            throws StoreException {
        claims.incrementAndGet();
        maybeFail(failClaims, "claim");
        return store.claim(callback, owner, max, leaseMs, nowMs);
    }

    @Override
    public boolean delivered(long rowId, String owner, long nowMs) throws StoreException {
        maybeFail(failDelivered, "delivered");
        return store.delivered(rowId, owner, nowMs);
    }

    @Override
    public void open() throws StoreException {
        store.open();
    }

    @Override
    public List<StatusEvent> apply(Batch batch, List<String> callbacks, EventFactory events) throws StoreException {
        return store.apply(batch, callbacks, events);
    }

    @Override
    public List<Incident> openIncidents() throws StoreException {
        return store.openIncidents();
    }

    @Override
    public List<Incident> incidentsSince(long sinceMs, int limit) throws StoreException {
        return store.incidentsSince(sinceMs, limit);
    }

    @Override
    public Map<String, ObjectStatus> objects() throws StoreException {
        return store.objects();
    }

    @Override
    public void releaseAll(String owner) throws StoreException {
        store.releaseAll(owner);
    }

    @Override
    public void retryAt(long rowId, String owner, int attempts, long nextAttemptMs, String lastError)
            throws StoreException {
        store.retryAt(rowId, owner, attempts, nextAttemptMs, lastError);
    }

    @Override
    public void deadLetter(long rowId, String owner, int attempts, String reason, long nowMs) throws StoreException {
        store.deadLetter(rowId, owner, attempts, reason, nowMs);
    }

    @Override
    public Map<String, OutboxStats> outboxStats() throws StoreException {
        return store.outboxStats();
    }

    @Override
    public String describe() {
        return "flaky " + store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
