package org.pbxmon.incident.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.testing.Await;

/**
 * At-least-once delivery over real loopback HTTP to the real store (H2 in a temp dir): retries, refusals,
 * expiry, isolation, store failures.
 */
class CallbackDeliveryIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The H2 store's directory. */
    @TempDir
    Path tmp;

    private static long failures(CallbackDispatcher d, String cb, String reason) {
        return d.stats().get(cb).failures().getOrDefault(reason, 0L);
    }

    @Test
    void aFailingThenHangingReceiverGetsTheEventOnceWithOneWebhookId() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200), Hook.status(500), Hook.hang());
                IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    Fixture.callback("cb", hook.url("/h")).rawJson("").timeout(Duration.ofSeconds(3)).build())) {
                d.start();
                StatusEvent e = Fixture.record(store, 1, "cb").get(0);
                d.wake();
                Await.until(WAIT, hook::ok, 1, "2xx answers");
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 0), "outbox");
                Await.sleep(500); // nothing more may come
                assertEquals(3, hook.count(), "500, hang, 200");
                assertEquals(1, hook.ok());
                for (Hook.Seen s : hook.seen()) {
                    assertEquals(e.eventId(), s.header("webhook-id"));
                    assertEquals(e.payload(), s.bodyText());
                }
                CallbackStats st = d.stats().get("cb");
                assertEquals(1, st.sent());
                assertEquals(1L, st.failures().get("http_5xx"));
                assertEquals(1L, st.failures().get("timeout"));
                assertEquals(0, st.deadLetters());
                assertTrue(!st.failing() && st.lastSuccessMs() != null, st.toString());
            }
        }
    }

    @Test
    void aNotFoundReceiverEndsAsADeadLetterAfterThreeAttempts() throws Exception {
        try (Hook hook = Hook.start(Hook.status(404)); IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store, Fixture.callback("cb", hook.url("/gone")).build())) {
                d.start();
                StatusEvent e = Fixture.record(store, 1, "cb").get(0);
                d.wake();
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 1), "outbox");
                Await.sleep(500);
                assertEquals(3, hook.count());
                CallbackStats st = d.stats().get("cb");
                assertEquals(1, st.deadLetters());
                assertEquals(3L, st.failures().get("http_4xx"));
                Fixture.StoredRow row = Fixture.row(tmp, "cb", e.eventId());
                assertEquals("dead", row.state());
                assertEquals("refused: HTTP 404", row.deadReason());
                assertEquals(3, row.attempts());
            }
        }
    }

    @Test
    void aTooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200), Hook.status(429, "Retry-After", "1"));
                IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store, Fixture.callback("cb", hook.url("/rl")).build())) {
                d.start();
                Fixture.record(store, 1, "cb");
                d.wake();
                Await.until(WAIT, hook::ok, 1, "2xx answers");
                List<Hook.Seen> seen = hook.seen();
                assertEquals(2, seen.size());
                long gap = seen.get(1).atMs() - seen.get(0).atMs();
                // the fast policy alone would retry after 40..60 ms
                assertTrue(gap >= 900, "retried after " + gap + " ms");
                assertEquals(1L, failures(d, "cb", "http_4xx"));
                assertEquals(0, d.stats().get("cb").deadLetters());
            }
        }
    }

    @Test
    void aHangingReceiverDelaysNoOtherAndHoldsOnlyItsOwnSlots() throws Exception {
        try (Hook slow = Hook.start(Hook.hang()); Hook fast = Hook.start(Hook.status(200));
                IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    Fixture.callback("slow", slow.url("/s")).timeout(Duration.ofSeconds(60)).concurrency(2).build(),
                    Fixture.callback("fast", fast.url("/f")).concurrency(1).build())) {
                d.start();
                for (int i = 0; i < 4; i++) {
                    Fixture.record(store, 5, "slow", "fast");
                    d.wake();
                }
                // serialised behind the slow one, the fast receiver would wait a minute
                Await.until(WAIT, fast::ok, 20, "fast deliveries");
                Await.until(WAIT, () -> Fixture.outbox(store, "fast").pending(), 0L, "fast pending");
                assertEquals(2, slow.count(), "two in flight to the slow receiver, no more");
                assertEquals(2, d.stats().get("slow").inFlight());
                assertEquals(20L, Fixture.outbox(store, "slow").pending());
                assertEquals(0, d.stats().get("slow").sent());
            }
        }
    }

    @Test
    void anExpiredRowIsADeadLetterWithoutAnAttempt() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200)); IncidentStore store = Fixture.newStore(tmp)) {
            StatusEvent e = Fixture.record(store, 1, "cb").get(0);
            long skew = Duration.ofHours(2).toMillis(); // the dispatcher lives two hours after the event
            try (CallbackDispatcher d = Fixture.dispatcher(store, () -> System.currentTimeMillis() + skew,
                    Fixture.callback("cb", hook.url("/late")).maxAge(Duration.ofHours(1)).build())) {
                d.start();
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 1), "outbox");
                assertEquals(1, d.stats().get("cb").deadLetters());
            }
            assertEquals(0, hook.count());
            Fixture.StoredRow row = Fixture.row(tmp, "cb", e.eventId());
            assertEquals("dead", row.state());
            assertEquals("expired", row.deadReason());
            assertEquals(0, row.attempts(), "never tried");
        }
    }

    @Test
    void aRowIsAgedFromWhenItWasRecordedNotFromItsStatusChange() throws Exception {
        // a change seen two hours ago, recorded only now (it waited in memory while the store was down)
        try (Hook hook = Hook.start(Hook.status(200)); IncidentStore store = Fixture.newStore(tmp)) {
            long before = System.currentTimeMillis();
            StatusEvent e = Fixture.record(store, before - Duration.ofHours(2).toMillis(), 1, "cb").get(0);
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    Fixture.callback("cb", hook.url("/aged")).rawJson("").maxAge(Duration.ofHours(1)).build())) {
                d.start();
                d.wake();
                Await.until(WAIT, hook::ok, 1, "2xx answers");
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 0), "outbox");
                assertEquals(0, d.stats().get("cb").deadLetters());
            }
            assertEquals(e.eventId(), hook.seen().get(0).header("webhook-id"));
            Fixture.StoredRow row = Fixture.row(tmp, "cb", e.eventId());
            assertEquals("delivered", row.state());
            assertEquals(1, row.attempts());
            assertTrue(row.createdMs() >= before, "created " + row.createdMs() + ", recorded after " + before);
        }
    }

    @Test
    void aDeliveryAnsweredAfterItsOwnLeaseRanOutIsStillMarkedDeliveredOnce() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200)); IncidentStore store = Fixture.newStore(tmp)) {
            // once the receiver has seen the request, the dispatcher's clock is an hour on: far past the
            // lease (timeout 2 s + 10 s) it took, which no one else took over in the meantime
            long jump = Duration.ofHours(1).toMillis();
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    () -> System.currentTimeMillis() + (hook.count() > 0 ? jump : 0),
                    Fixture.callback("cb", hook.url("/late")).timeout(Duration.ofSeconds(2))
                            .maxAge(Duration.ofHours(24)).build())) {
                d.start();
                StatusEvent e = Fixture.record(store, 1, "cb").get(0);
                d.wake();
                Await.until(WAIT, () -> d.stats().get("cb").sent(), 1L, "sent");
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 0), "outbox");
                Await.sleep(500); // nothing more may come
                assertEquals(1, hook.count());
                assertEquals(Map.of(), d.stats().get("cb").failures(), "no lease_lost, no retry");
                assertEquals("delivered", Fixture.row(tmp, "cb", e.eventId()).state());
            }
        }
    }

    @Test
    void aRowFailingPastItsMaxAgeExpires() throws Exception {
        try (Hook hook = Hook.start(Hook.status(503)); IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    Fixture.callback("cb", hook.url("/down")).maxAge(Duration.ofMillis(1500)).build())) {
                d.start();
                StatusEvent e = Fixture.record(store, 1, "cb").get(0);
                d.wake();
                Await.until(WAIT, () -> Fixture.outbox(store, "cb"), new OutboxStats(0, null, 1), "outbox");
                assertTrue(hook.count() >= 2, "attempts: " + hook.count());
                assertEquals(1, d.stats().get("cb").deadLetters());
                Fixture.StoredRow row = Fixture.row(tmp, "cb", e.eventId());
                assertEquals("dead", row.state());
                assertEquals("expired", row.deadReason());
                assertEquals(hook.count(), row.attempts(), "every attempt counted");
                assertEquals("HTTP 503", row.lastError());
            }
        }
    }

    @Test
    void storeFailuresAreCountedAndTheRowIsDeliveredAgainWithTheSameId() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200)); FlakyStore store = new FlakyStore(Fixture.newStore(tmp))) {
            store.failClaims.set(3);
            store.failDelivered.set(1);
            try (CallbackDispatcher d = Fixture.dispatcher(store,
                    Fixture.callback("cb", hook.url("/h")).timeout(Duration.ofSeconds(3)).build())) {
                d.start();
                StatusEvent e = Fixture.record(store, 1, "cb").get(0);
                d.wake();
                // the first mark fails: the row stays leased (3 s + 10 s), then goes again
                Await.until(WAIT, () -> Fixture.outbox(store, "cb").pending(), 0L, "pending");
                assertEquals(2, hook.ok());
                hook.seen().forEach(s -> assertEquals(e.eventId(), s.header("webhook-id")));
                assertTrue(failures(d, "cb", "store") >= 4, d.stats().toString());
                assertEquals(2, d.stats().get("cb").sent());
            }
        }
    }

    @Test
    void wakeStartsDeliveryWithoutWaitingForThePoll() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200)); FlakyStore store = new FlakyStore(Fixture.newStore(tmp))) {
            try (CallbackDispatcher d = new CallbackDispatcher(
                    List.of(Fixture.callback("cb", hook.url("/w")).build()), store, Fixture.OWNER, Fixture.USER_AGENT,
                    System::currentTimeMillis, Fixture.fast(), Duration.ofMinutes(10).toMillis())) {
                d.start();
                Await.until(WAIT, () -> store.claims.get() >= 1, true, "the first (empty) claim");
                Fixture.record(store, 1, "cb");
                d.wake();
                Await.until(WAIT, hook::ok, 1, "delivery long before the 10 min poll");
            }
        }
    }
}
