package org.pbxmon.incident.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.testing.MariaDb;

/**
 * An HA pair as real processes: two agents ({@code a1}, {@code a2}) on ONE MariaDB database with the
 * same callback, each sent every Alertmanager notification (as both members of an Alertmanager HA pair
 * would). The store's row lock on the object status records each change once, whichever agent gets
 * there first. One agent is killed with SIGKILL while it holds delivery leases; the survivor takes
 * its rows over when their leases run out (callback timeout + 10 s). Then the other way round. In
 * the end every acknowledged change is delivered, none under two webhook-ids.
 */
class HaPairIT {
    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("ha-pair-signing-key".getBytes(StandardCharsets.UTF_8));
    private static final int ALERTS_PER_BURST = 20;
    private static final String PASSWORD_ENV = "PBXMON_HA_DB_PASSWORD";

    @TempDir
    Path dir;

    private static String yaml(int port, String agentId, String url, String user, String callbackUrl) {
        return """
                http:
                  listen: 127.0.0.1:%d
                  users: [{username: admin, password: pw}]
                  tokens: [{name: am, token: %s}]
                pbx: []
                incidents:
                  agent_id: %s
                  store: {type: mariadb, url: "%s", username: %s, password: "${%s}"}
                  callbacks:
                    - {name: hook, url: "%s", raw_json: on, secret: "%s", timeout: 2s}
                """.formatted(port, AgentProcess.TOKEN, agentId, url, user, PASSWORD_ENV, callbackUrl, SECRET);
    }

    @Test
    void aPairOnOneMariaDbDeliversEveryChangeOnceUnderOneIdWhenEitherIsKilled() throws Exception {
        long t0 = System.nanoTime();
        MariaDb m = MariaDb.shared();
        String db = m.newDatabase("ha");
        String user = db;
        String password = UUID.randomUUID().toString();
        m.exec("", "CREATE OR REPLACE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT CREATE, ALTER, INDEX, SELECT, INSERT, UPDATE, DELETE ON `" + db + "`.* TO '" + user + "'@'%'");
        Ledger ledger = new Ledger();
        Alerts alerts = new Alerts();
        AtomicInteger refused = new AtomicInteger();
        List<String> phases = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService killer = Executors.newSingleThreadExecutor();
        try (CallbackSink sink = CallbackSink.start(SECRET, 50, 150, 0.1);
                AgentProcess a1 = new AgentProcess("a1", dir, p -> yaml(p, "a1", m.url(db), user, sink.url()),
                        Map.of(PASSWORD_ENV, password));
                AgentProcess a2 = new AgentProcess("a2", dir, p -> yaml(p, "a2", m.url(db), user, sink.url()),
                        Map.of(PASSWORD_ENV, password))) {
            a1.start();
            a2.start();

            CompletableFuture<Integer> kill = CompletableFuture.supplyAsync(() -> killWhileLeasing(a1, m, db), killer);
            burst("p1", List.of(a1, a2), alerts, ledger, refused, pool);
            int leasedByA1 = kill.get(2, TimeUnit.MINUTES);
            long killed = System.nanoTime();
            burst("p2", List.of(a1, a2), alerts, ledger, refused, pool); // a1 is dead: only a2 answers
            Waits.allDelivered(ledger, sink, a1, a2);
            phases.add("a1 killed holding " + leasedByA1 + " lease(s); a2 delivered everything "
                    + ms(System.nanoTime() - killed) + " ms later");

            a1.start();
            kill = CompletableFuture.supplyAsync(() -> killWhileLeasing(a2, m, db), killer);
            burst("p3", List.of(a1, a2), alerts, ledger, refused, pool);
            int leasedByA2 = kill.get(2, TimeUnit.MINUTES);
            killed = System.nanoTime();
            burst("p4", List.of(a1, a2), alerts, ledger, refused, pool);
            Waits.allDelivered(ledger, sink, a1, a2);
            phases.add("a2 killed holding " + leasedByA2 + " lease(s); a1 delivered everything "
                    + ms(System.nanoTime() - killed) + " ms later");
            Waits.nothingPending(a1);

            List<CallbackSink.Delivery> got = sink.deliveries();
            Ledger.Verdict v = ledger.verdict(got);
            List<String> store;
            try (Connection c = m.admin(db)) {
                store = Ledger.storeProblems(c, "hook", got);
            }
            Map<String, Integer> recordedBy = new TreeMap<>();
            got.stream().filter(d -> d.answer() == 200).map(CallbackSink.Delivery::webhookId).distinct()
                    .forEach(id -> got.stream().filter(d -> id.equals(d.webhookId())).findFirst()
                            .ifPresent(d -> recordedBy.merge(String.valueOf(d.agent()), 1, Integer::sum)));
            String report = "HaPairIT: " + v + "; events recorded by " + recordedBy + "; " + phases + "; run time "
                    + ms(System.nanoTime() - t0) + " ms";
            System.out.println(report);
            String logs = "\n" + a1.tail() + "\n" + a2.tail();
            assertTrue(v.ok(), report + logs);
            assertTrue(store.isEmpty(), "store vs receiver: " + store + "\n" + report + logs);
            assertEquals(0, refused.get(), "notifications answered neither 200 nor left unanswered: " + report + logs);
            assertEquals(4 * (ALERTS_PER_BURST + ALERTS_PER_BURST / 2), ledger.ackedCount(),
                    "every notification was acknowledged by at least one agent: " + report);
        } finally {
            pool.shutdownNow();
            killer.shutdownNow();
        }
    }

    /**
     * One burst: each alert fires, then every other one resolves; every notification goes to all agents
     * at once (the row lock decides which records the change). A change counts as acknowledged when any
     * agent answered 200.
     */
    private static void burst(String phase, List<AgentProcess> agents, Alerts alerts, Ledger ledger,
            AtomicInteger refused, ExecutorService pool) {
        for (int i = 0; i < ALERTS_PER_BURST; i++) {
            String name = "ha_" + phase + "_a" + i;
            send(agents, alerts.firing(name), Ledger.fired(name), ledger, refused, pool);
        }
        for (int i = 0; i < ALERTS_PER_BURST; i += 2) {
            String name = "ha_" + phase + "_a" + i;
            send(agents, alerts.resolved(name), Ledger.resolved(name), ledger, refused, pool);
        }
    }

    private static void send(List<AgentProcess> agents, String json, Ledger.Key k, Ledger ledger,
            AtomicInteger refused, ExecutorService pool) {
        ledger.attempted(k);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (AgentProcess a : agents) {
            answers.add(CompletableFuture.supplyAsync(() -> a.alive() ? a.notify(json) : -1, pool));
        }
        boolean acked = false;
        for (CompletableFuture<Integer> f : answers) {
            int code = f.join();
            acked |= code == 200;
            if (code != 200 && code != -1) {
                refused.incrementAndGet();
            }
        }
        if (acked) {
            ledger.acked(k);
        }
    }

    /**
     * Waits (while a burst is sent) until {@code victim} holds an unexpired delivery lease, then SIGKILLs
     * it a random 0..100 ms later: it dies mid-delivery.
     *
     * @return the victim's leases right after its death
     */
    private static int killWhileLeasing(AgentProcess victim, MariaDb m, String db) {
        try {
            return killWhenLeasing(victim, m, db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int killWhenLeasing(AgentProcess victim, MariaDb m, String db)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Waits.DELIVERY_DEADLINE.toNanos();
        while (leases(m, db, victim.name()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(victim.name() + " never held a delivery lease; " + victim.tail());
            }
            Thread.sleep(10);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 101));
        victim.kill();
        return leases(m, db, victim.name());
    }

    private static int leases(MariaDb m, String db, String owner) throws SQLException {
        try (Connection c = m.admin(db);
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE lease_owner = ?"
                        + " AND state = 'pending' AND lease_until_ms > ?")) {
            ps.setString(1, owner);
            ps.setLong(2, System.currentTimeMillis());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
