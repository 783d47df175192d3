package org.pbxmon.incident.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.ObjectStatus;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.StoreException;
import org.pbxmon.incident.Transition;

/**
 * What every database under the store must do, run once on H2 ({@link H2StoreTest}) and once on
 * MariaDB ({@link MariaDbStoreIT}). Each test works on a fresh database of its own.
 */
abstract class StoreContract {
    static final ObjectRef TRUNK = ObjectRef.trunk("main", "carrier");
    static final ObjectRef PBX = ObjectRef.pbx("main");
    static final EventFactory EVENTS = (id, o, prev, cur, at) ->
            "{\"id\":\"" + id + "\",\"object\":\"" + o.id() + "\",\"from\":\"" + prev.label() + "\",\"to\":\""
                    + cur.label() + "\",\"at\":" + at + "}";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** The config of a fresh, empty database (a new one on every call). */
    abstract IncidentsConfig.Store freshDatabase() throws Exception;

    /** A plain connection to the database of {@code cfg}, for checking rows behind the store's back. */
    abstract Connection raw(IncidentsConfig.Store cfg) throws SQLException;

    JdbcIncidentStore opened(IncidentsConfig.Store cfg) throws StoreException {
        JdbcIncidentStore s = JdbcIncidentStore.of(cfg, () -> 1_000L);
        toClose.add(s);
        s.open();
        return s;
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    static Incident incident(String rule, ObjectRef o, Severity sev, String summary, long opened, long updated,
            Long closed) {
        return new Incident("rule:" + rule + ":" + o.id(), o, Incident.RULE, rule, sev, summary, opened, updated, closed,
                Map.of("threshold", "0.5"));
    }

    static Batch batch(List<Incident> incidents, List<Transition> transitions) {
        return new Batch(incidents, transitions);
    }

    long count(IncidentsConfig.Store cfg, String sql) throws SQLException {
        try (Connection c = raw(cfg); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void incidentsOpenUpdateAndCloseWithHistoryOnlyOnChange() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore s = opened(cfg);
        Incident open = incident("trunk_down", TRUNK, Severity.WARNING, "registration Rejected", 100, 100, null);
        s.apply(batch(List.of(open), List.of()), List.of(), EVENTS);
        assertEquals(List.of(open), s.openIncidents());
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'opened'"));

        s.apply(batch(List.of(open), List.of()), List.of(), EVENTS); // identical: no history
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history"));

        Incident worse = incident("trunk_down", TRUNK, Severity.CRITICAL, "registration Rejected", 100, 200, null);
        s.apply(batch(List.of(worse), List.of()), List.of(), EVENTS);
        assertEquals(List.of(worse), s.openIncidents());
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'updated'"
                + " AND from_status = 'warning' AND to_status = 'critical' AND at_ms = 200"));

        Incident closed = worse.closed(300);
        s.apply(batch(List.of(closed), List.of()), List.of(), EVENTS);
        assertEquals(List.of(), s.openIncidents());
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'closed' AND at_ms = 300"));
        s.apply(batch(List.of(closed), List.of()), List.of(), EVENTS);
        assertEquals(3, count(cfg, "SELECT COUNT(*) FROM incident_history"));
        assertEquals(List.of(closed), s.incidentsSince(300, 10));
        assertEquals(List.of(), s.incidentsSince(301, 10));
        // the incident's object is known, operational (no transition said otherwise), never modified
        assertEquals(new ObjectStatus(TRUNK, Severity.OPERATIONAL, Severity.OPERATIONAL, 0), s.objects().get(TRUNK.id()));
    }

    @Test
    void openIncidentsWorstFirstAndSinceNewestFirst() throws Exception {
        JdbcIncidentStore s = opened(freshDatabase());
        Incident a = incident("a", TRUNK, Severity.WARNING, "a", 100, 100, null);
        Incident b = incident("b", PBX, Severity.CRITICAL, "b", 200, 200, null);
        Incident c = incident("c", PBX, Severity.WARNING, "c", 50, 400, null);
        Incident d = incident("d", TRUNK, Severity.CRITICAL, "d", 10, 10, null).closed(500);
        s.apply(batch(List.of(a, b, c, d), List.of()), List.of(), EVENTS);
        assertEquals(List.of(b, c, a), s.openIncidents());
        assertEquals(List.of(d, c, b, a), s.incidentsSince(0, 100));
        assertEquals(List.of(d, c), s.incidentsSince(300, 100));
        assertEquals(List.of(d), s.incidentsSince(0, 1));
    }

    @Test
    void aTransitionIsRecordedOnlyWhenTheStoredStatusDiffers() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore s = opened(cfg);
        Transition down = new Transition(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 1_000);
        List<StatusEvent> ev = s.apply(batch(List.of(), List.of(down)), List.of("kaleyra", "ops"), EVENTS);
        assertEquals(1, ev.size());
        StatusEvent e = ev.get(0);
        assertTrue(e.eventId().startsWith("evt_"), e.eventId());
        assertEquals(Severity.OPERATIONAL, e.previous());
        assertEquals(Severity.CRITICAL, e.current());
        assertEquals(EVENTS.payload(e.eventId(), TRUNK, Severity.OPERATIONAL, Severity.CRITICAL, 1_000), e.payload());
        assertEquals(new ObjectStatus(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 1_000), s.objects().get(TRUNK.id()));
        assertEquals(2, count(cfg, "SELECT COUNT(*) FROM outbox WHERE event_id = '" + e.eventId() + "'"));

        assertEquals(List.of(), s.apply(batch(List.of(), List.of(down)), List.of("kaleyra", "ops"), EVENTS));
        assertEquals(2, count(cfg, "SELECT COUNT(*) FROM outbox"));
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'status_changed'"));

        List<StatusEvent> up = s.apply(batch(List.of(), List.of(
                new Transition(TRUNK, Severity.OPERATIONAL, Severity.OPERATIONAL, 2_000))), List.of("kaleyra"), EVENTS);
        assertEquals(1, up.size());
        assertEquals(Severity.CRITICAL, up.get(0).previous());
        assertEquals(Severity.OPERATIONAL, up.get(0).current());
        assertEquals(3, count(cfg, "SELECT COUNT(*) FROM outbox"));
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'status_changed'"
                + " AND from_status = 'critical' AND to_status = 'operational' AND at_ms = 2000"));
        Map<String, OutboxStats> stats = s.outboxStats();
        assertEquals(new OutboxStats(2, 1_000L, 0), stats.get("kaleyra"));
        assertEquals(new OutboxStats(1, 1_000L, 0), stats.get("ops"));
    }

    @Test
    void aFailingStatementRollsBackTheWholeBatch() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore s = opened(cfg);
        Incident i = incident("trunk_down", TRUNK, Severity.CRITICAL, "down", 100, 100, null);
        Transition t = new Transition(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 100);
        String tooLong = "c".repeat(65); // outbox.callback is VARCHAR(64): the last insert of the batch fails
        StoreException x = assertThrows(StoreException.class,
                () -> s.apply(batch(List.of(i), List.of(t)), List.of("ok", tooLong), EVENTS));
        assertTrue(x.getMessage().contains("apply failed"), x.getMessage());
        for (String table : List.of("monitored_object", "incident", "incident_history", "outbox")) {
            assertEquals(0, count(cfg, "SELECT COUNT(*) FROM " + table), table);
        }
        // a factory that throws rolls back as well
        assertThrows(StoreException.class, () -> s.apply(batch(List.of(i), List.of(t)), List.of("ok"),
                (id, o, p, c, at) -> {
                    throw new IllegalStateException("no payload");
                }));
        assertEquals(0, count(cfg, "SELECT COUNT(*) FROM incident"));
        // and the same batch, valid, commits whole
        assertEquals(1, s.apply(batch(List.of(i), List.of(t)), List.of("ok"), EVENTS).size());
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM incident"));
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM outbox"));
    }

    @Test
    void leasesRetriesAndDeadLetters() throws Exception {
        JdbcIncidentStore s = opened(freshDatabase());
        for (int n = 0; n < 3; n++) {
            s.apply(batch(List.of(), List.of(new Transition(ObjectRef.probe("p" + n), Severity.WARNING, Severity.WARNING,
                    n))), List.of("cb"), EVENTS);
        }
        List<OutboxRow> a = s.claim("cb", "agent-a", 2, 1_000, 5_000);
        assertEquals(2, a.size());
        assertTrue(a.get(0).id() < a.get(1).id(), "oldest first");
        assertEquals(0, a.get(0).attempts());
        assertTrue(a.get(0).payload().contains("probe:p0"), a.get(0).payload());
        List<OutboxRow> b = s.claim("cb", "agent-b", 10, 1_000, 5_500);
        assertEquals(1, b.size(), "only the row agent-a does not hold");
        assertEquals(List.of(), s.claim("other", "agent-b", 10, 1_000, 5_500));

        // agent-a's lease expires: agent-b takes its rows, and agent-a can no longer settle them
        List<OutboxRow> taken = s.claim("cb", "agent-b", 10, 1_000, 6_000);
        assertEquals(List.of(a.get(0).id(), a.get(1).id()), taken.stream().map(OutboxRow::id).toList());
        assertFalse(s.delivered(a.get(0).id(), "agent-a", 6_100));
        assertTrue(s.delivered(a.get(0).id(), "agent-b", 6_100));
        assertFalse(s.delivered(a.get(0).id(), "agent-b", 6_100), "delivered once");

        // a retry: not due before its time, then due with its attempts counted
        s.retryAt(a.get(1).id(), "agent-b", 1, 10_000, "HTTP 503");
        assertEquals(List.of(), s.claim("cb", "agent-a", 10, 1_000, 9_999).stream()
                .filter(r -> r.id() == a.get(1).id()).toList());
        List<OutboxRow> again = s.claim("cb", "agent-a", 10, 1_000, 10_000);
        assertEquals(1, again.stream().filter(r -> r.id() == a.get(1).id() && r.attempts() == 1).count(), again.toString());

        // a dead letter stays, counted, and is never claimed again
        s.deadLetter(a.get(1).id(), "agent-a", 2, "HTTP 410 Gone", 10_100);
        Map<String, OutboxStats> stats = s.outboxStats();
        assertEquals(1, stats.get("cb").deadLetters());
        assertEquals(1, stats.get("cb").pending(), "the row agent-a took over at 9_999 (agent-b's lease had expired)");

        // releaseAll frees what an owner holds: a restarted agent-a's rows are claimable at once
        OutboxRow last = b.get(0);
        assertEquals(List.of(), s.claim("cb", "agent-b", 10, 60_000, 10_200), "leased to agent-a until 10_999");
        s.releaseAll("agent-a");
        List<OutboxRow> afterRelease = s.claim("cb", "agent-b", 10, 60_000, 10_200);
        assertEquals(List.of(last.id()), afterRelease.stream().map(OutboxRow::id).toList());
        assertTrue(s.delivered(last.id(), "agent-b", 10_300));
        stats = s.outboxStats();
        assertEquals(new OutboxStats(0, null, 1), stats.get("cb"));
        assertEquals(List.of(), s.claim("cb", "agent-a", 10, 1_000, 1_000_000));
    }

    @Test
    void aRowLockedByAnotherTransactionIsSkippedNotWaitedFor() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore s = opened(cfg);
        s.apply(batch(List.of(), List.of(new Transition(PBX, Severity.WARNING, Severity.WARNING, 1),
                new Transition(TRUNK, Severity.WARNING, Severity.WARNING, 1))), List.of("cb"), EVENTS);
        long first = count(cfg, "SELECT MIN(id) FROM outbox");
        try (Connection other = raw(cfg)) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement();
                 ResultSet r = st.executeQuery("SELECT id FROM outbox WHERE id = " + first + " FOR UPDATE")) {
                assertTrue(r.next());
                // waiting instead of skipping would end in a lock timeout (5 s), a StoreException
                List<OutboxRow> got = s.claim("cb", "a", 10, 1_000, 5_000);
                assertEquals(1, got.size(), got.toString());
                assertTrue(got.get(0).id() != first, "the locked row was skipped");
            } finally {
                other.rollback();
            }
        }
        assertEquals(List.of(first), s.claim("cb", "b", 10, 1_000, 5_000).stream().map(OutboxRow::id).toList());
    }

    @Test
    void concurrentClaimsNeverLeaseARowTwice() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore one = opened(cfg);
        JdbcIncidentStore two = opened(cfg);
        int rows = 200;
        List<Transition> ts = new ArrayList<>();
        for (int n = 0; n < rows; n++) {
            ts.add(new Transition(ObjectRef.queue("main", "q" + n), Severity.WARNING, Severity.WARNING, n));
        }
        assertEquals(rows, one.apply(batch(List.of(), ts), List.of("cb"), EVENTS).size());
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                JdbcIncidentStore s = t % 2 == 0 ? one : two;
                String owner = "agent-" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    int empty = 0;
                    int calls = 0;
                    while (empty < 3) { // empty three times in a row: nothing is left
                        List<OutboxRow> got = s.claim("cb", owner, 7, 600_000, 1_000_000);
                        calls++;
                        got.forEach(r -> claimed.add(r.id()));
                        empty = got.isEmpty() ? empty + 1 : 0;
                    }
                    return calls;
                }));
            }
            go.countDown();
            for (Future<Integer> f : done) {
                assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> unique = new HashSet<>(claimed);
        assertEquals(claimed.size(), unique.size(), "a row was leased twice");
        assertEquals(rows, unique.size());
        assertEquals(rows, count(cfg, "SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL"));
    }

    @Test
    void twoAgentsRecordTheSameTransitionOnce() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        JdbcIncidentStore a = opened(cfg);
        JdbcIncidentStore b = opened(cfg);
        int objects = 30;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int events = 0;
        try {
            for (int n = 0; n < objects; n++) {
                ObjectRef o = ObjectRef.trunk("main", "t" + n);
                Incident i = incident("trunk_down", o, Severity.CRITICAL, "down", n, n, null);
                Transition t = new Transition(o, Severity.CRITICAL, Severity.CRITICAL, n);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<StatusEvent>>> both = new ArrayList<>();
                for (JdbcIncidentStore s : List.of(a, b)) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return s.apply(batch(List.of(i), List.of(t)), List.of("kaleyra", "ops"), EVENTS);
                    }));
                }
                go.countDown();
                int here = 0;
                for (Future<List<StatusEvent>> f : both) {
                    here += f.get(60, TimeUnit.SECONDS).size();
                }
                assertEquals(1, here, "object " + o.id() + ": one event between the two agents");
                events += here;
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(objects, events);
        assertEquals(objects * 2L, count(cfg, "SELECT COUNT(*) FROM outbox"));
        assertEquals(objects, count(cfg, "SELECT COUNT(DISTINCT event_id) FROM outbox"));
        assertEquals(objects, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'status_changed'"));
        assertEquals(objects, count(cfg, "SELECT COUNT(*) FROM incident_history WHERE what = 'opened'"));
        assertEquals(objects, a.openIncidents().size());
        assertEquals(b.objects(), a.objects());
    }

    @Test
    void objectIdsCompareByteWise() throws Exception {
        JdbcIncidentStore s = opened(freshDatabase());
        ObjectRef upper = ObjectRef.trunk("main", "Carrier");
        ObjectRef umlaut = ObjectRef.trunk("main", "carri\u00e9r");
        s.apply(batch(List.of(), List.of(new Transition(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 1),
                new Transition(upper, Severity.WARNING, Severity.WARNING, 2),
                new Transition(umlaut, Severity.WARNING, Severity.WARNING, 3))), List.of(), EVENTS);
        Map<String, ObjectStatus> objects = s.objects();
        assertEquals(Set.of(TRUNK.id(), upper.id(), umlaut.id()), objects.keySet());
        assertEquals(Severity.CRITICAL, objects.get(TRUNK.id()).finalStatus());
        assertEquals(umlaut, objects.get(umlaut.id()).object());
    }

    @Test
    void aReopenedStoreKeepsItsData() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        Incident i = incident("trunk_down", TRUNK, Severity.CRITICAL, "down", 100, 100, null);
        Transition t = new Transition(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 100);
        try (JdbcIncidentStore s = JdbcIncidentStore.of(cfg)) {
            s.open();
            assertEquals(1, s.apply(batch(List.of(i), List.of(t)), List.of("cb"), EVENTS).size());
        }
        JdbcIncidentStore again = opened(cfg);
        assertEquals(List.of(i), again.openIncidents());
        assertEquals(Severity.CRITICAL, again.objects().get(TRUNK.id()).finalStatus());
        assertEquals(1, again.outboxStats().get("cb").pending());
        assertEquals(List.of(), again.apply(batch(List.of(i), List.of(t)), List.of("cb"), EVENTS));
        // a closed store refuses work with a clear message, and opens again
        again.close();
        StoreException x = assertThrows(StoreException.class, again::openIncidents);
        assertTrue(x.getMessage().contains("is not open"), x.getMessage());
        again.open();
        assertEquals(List.of(i), again.openIncidents());
    }

    @Test
    void migratesFromEmptyToTheLatestVersion() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        opened(cfg);
        assertEquals(2, count(cfg, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IN ('1', '2')"));
        assertEquals(0, count(cfg, "SELECT COUNT(*) FROM outbox WHERE dead_reason IS NOT NULL OR dead_ms IS NOT NULL"));
    }

    /** Runs only V1 on {@code cfg}'s database, as an agent of the previous version left it. */
    abstract void migrateToV1(IncidentsConfig.Store cfg) throws Exception;

    @Test
    void migratesFromTheFirstVersionKeepingRows() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        migrateToV1(cfg);
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"));
        try (Connection c = raw(cfg); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO monitored_object (object_id, kind, pbx, name, incident_status, final_status,"
                    + " modified_ms, created_ms) VALUES ('trunk:main/carrier', 'trunk', 'main', 'carrier', 'critical',"
                    + " 'critical', 100, 50)");
            st.executeUpdate("INSERT INTO incident (incident_key, object_id, origin, rule, severity, summary, opened_ms,"
                    + " updated_ms, closed_ms, labels) VALUES ('rule:trunk_down:trunk:main/carrier', 'trunk:main/carrier',"
                    + " 'rule', 'trunk_down', 'critical', 'down', 100, 100, NULL, '{\"threshold\":\"0.5\"}')");
            st.executeUpdate("INSERT INTO outbox (event_id, callback, payload, state, attempts, created_ms,"
                    + " next_attempt_ms) VALUES ('evt_old', 'cb', '{}', 'pending', 2, 100, 0)");
        }
        JdbcIncidentStore s = opened(cfg);
        assertEquals(3, count(cfg, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"),
                "V1 was there; V2 and V3 applied");
        assertEquals(List.of(incident("trunk_down", TRUNK, Severity.CRITICAL, "down", 100, 100, null)), s.openIncidents());
        assertEquals(new ObjectStatus(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 100), s.objects().get(TRUNK.id()));
        List<OutboxRow> rows = s.claim("cb", "a", 10, 1_000, 1_000);
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).attempts());
        s.deadLetter(rows.get(0).id(), "a", 3, "expired", 2_000); // V2's columns
        assertEquals(1, count(cfg, "SELECT COUNT(*) FROM outbox WHERE dead_reason = 'expired' AND dead_ms = 2000"));
        assertNull(s.outboxStats().get("cb").oldestMs());
    }

    @Test
    void retentionDeletesWhatIsOldAndDoneWithNothingElse() throws Exception {
        JdbcIncidentStore s = opened(freshDatabase());
        // old and done: an incident opened and closed at 100..200, its object's two events delivered / dead at 300
        s.apply(batch(List.of(incident("r", TRUNK, Severity.CRITICAL, "x", 100, 100, null)),
                List.of(new Transition(TRUNK, Severity.CRITICAL, Severity.CRITICAL, 100))), List.of("cb"), EVENTS);
        s.apply(batch(List.of(incident("r", TRUNK, Severity.CRITICAL, "x", 100, 200, 200L)),
                List.of(new Transition(TRUNK, Severity.OPERATIONAL, Severity.OPERATIONAL, 200))), List.of("cb"), EVENTS);
        List<OutboxRow> rows = s.claim("cb", "a", 10, 60_000, 1_000);
        assertEquals(2, rows.size());
        assertTrue(s.delivered(rows.get(0).id(), "a", 300));
        s.deadLetter(rows.get(1).id(), "a", 3, "expired", 300);
        // open, and pending: never deleted however old
        s.apply(batch(List.of(incident("r", PBX, Severity.WARNING, "y", 100, 100, null)),
                List.of(new Transition(PBX, Severity.WARNING, Severity.WARNING, 100))), List.of("cb"), EVENTS);
        assertEquals(0, s.prune(50), "nothing is that old");
        long deleted = s.prune(10_000);
        assertEquals(2 + 6 + 1, deleted, "2 outbox rows, the 6 history rows (trunk: opened, critical, closed,"
                + " operational; pbx: opened, warning), the closed incident");
        assertEquals(List.of("rule:r:pbx:main"), s.openIncidents().stream().map(Incident::key).toList());
        assertEquals(1, s.outboxStats().get("cb").pending());
        assertEquals(0, s.outboxStats().get("cb").deadLetters());
        assertEquals(2, s.objects().size(), "object statuses stay");
        assertEquals(0, s.prune(10_000), "a second sweep finds nothing");
    }
}
