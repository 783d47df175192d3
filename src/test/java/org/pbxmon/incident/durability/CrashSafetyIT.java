package org.pbxmon.incident.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real process: the agent (H2 store) runs as a child JVM and is killed with SIGKILL
 * 20 times at random moments while it takes Alertmanager notifications and delivers callbacks to a slow,
 * sometimes failing receiver. After the last restart every status change it acknowledged (HTTP 200) is
 * delivered, none is lost, and the duplicates a kill causes carry the same webhook-id.
 */
class CrashSafetyIT {
    static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("crash-safety-signing-key".getBytes(StandardCharsets.UTF_8));
    private static final int ROUNDS = 20;
    private static final int ALERTS_PER_ROUND = 16;

    @TempDir
    Path dir;

    private static String yaml(int port, Path stateDir, String callbackUrl) {
        return """
                http:
                  listen: 127.0.0.1:%d
                  users: [{username: admin, password: pw}]
                  tokens: [{name: am, token: %s}]
                pbx: []
                incidents:
                  agent_id: crash-1
                  store: {type: h2, state_dir: "%s"}
                  callbacks:
                    - {name: hook, url: "%s", raw_json: on, secret: "%s", timeout: 2s}
                """.formatted(port, AgentProcess.TOKEN, stateDir, callbackUrl, SECRET);
    }

    @Test
    void sigkillAtRandomMomentsLosesNoAcknowledgedChangeAndDuplicatesKeepTheirId() throws Exception {
        long t0 = System.nanoTime();
        Path state = dir.resolve("state");
        Ledger ledger = new Ledger();
        Alerts alerts = new Alerts();
        AtomicInteger refused = new AtomicInteger();
        int killsWithDeliveriesInFlight = 0;
        int killsDuringIntake = 0;
        try (CallbackSink sink = CallbackSink.start(SECRET, 20, 100, 0.1);
                AgentProcess agent = new AgentProcess("crash", dir, p -> yaml(p, state, sink.url()), Map.of())) {
            for (int round = 0; round < ROUNDS; round++) {
                agent.start();
                int r = round;
                Thread burst = new Thread(() -> burst(agent, alerts, ledger, refused, r), "burst-" + r);
                burst.start();
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 1501));
                killsDuringIntake += burst.isAlive() ? 1 : 0;
                killsWithDeliveriesInFlight += sink.inFlight() > 0 ? 1 : 0;
                agent.kill();
                burst.join(60_000);
                assertTrue(!burst.isAlive(), "the burst of round " + r + " ends once the agent is dead");
            }
            long restart = System.nanoTime();
            agent.start();
            Waits.allDelivered(ledger, sink, agent);
            long allDelivered = System.nanoTime();
            Waits.nothingPending(agent);
            agent.kill();

            List<CallbackSink.Delivery> got = sink.deliveries();
            Ledger.Verdict v = ledger.verdict(got);
            List<String> store;
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + state.resolve("incidents")
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE", "sa", "")) {
                store = Ledger.storeProblems(c, "hook", got);
            }
            String report = "CrashSafetyIT: " + ROUNDS + " SIGKILLs (" + killsWithDeliveriesInFlight
                    + " with callback deliveries in flight, " + killsDuringIntake + " while notifications were being"
                    + " sent); " + v + "; all acknowledged changes delivered "
                    + ms(allDelivered - restart) + " ms after the last restart; run time " + ms(System.nanoTime() - t0)
                    + " ms";
            System.out.println(report);
            assertTrue(v.ok(), report + "\n" + agent.tail());
            assertTrue(store.isEmpty(), "store vs receiver: " + store + "\n" + report + "\n" + agent.tail());
            assertEquals(0, refused.get(), "notifications answered neither 200 nor left unanswered; " + agent.tail());
            assertTrue(ledger.ackedCount() >= ROUNDS, "notifications were acknowledged in most rounds: "
                    + report);
            assertTrue(killsWithDeliveriesInFlight > 0, "some kill lands while deliveries are in flight: " + report);
        }
    }

    /**
     * One round's notifications, one alert each: every alert of the round fires, then every other one
     * that fired is resolved. Stops at the first request that gets no answer (the agent was killed).
     */
    private static void burst(AgentProcess agent, Alerts alerts, Ledger ledger, AtomicInteger refused, int round) {
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < ALERTS_PER_ROUND; i++) {
            String name = "crash_r" + round + "_a" + i;
            if (!send(agent, alerts.firing(name), Ledger.fired(name), ledger, refused)) {
                return;
            }
            fired.add(name);
        }
        for (int i = 0; i < fired.size(); i += 2) {
            String name = fired.get(i);
            if (!send(agent, alerts.resolved(name), Ledger.resolved(name), ledger, refused)) {
                return;
            }
        }
    }

    private static boolean send(AgentProcess agent, String json, Ledger.Key k, Ledger ledger, AtomicInteger refused) {
        ledger.attempted(k);
        int code = agent.notify(json);
        if (code == 200) {
            ledger.acked(k);
            return true;
        }
        if (code != -1) {
            refused.incrementAndGet();
        }
        return false;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
