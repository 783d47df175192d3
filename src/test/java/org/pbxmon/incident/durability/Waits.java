package org.pbxmon.incident.durability;

import java.time.Duration;
import java.util.List;

/** Generous waits for the end of deliveries; a timeout fails with what is missing and the agents' logs. */
final class Waits {
    static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(120);

    private Waits() {
    }

    /** Until every acknowledged change was delivered (answered 200 by the receiver). */
    static void allDelivered(Ledger ledger, CallbackSink sink, AgentProcess... agents) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
        List<Ledger.Key> missing = ledger.missing(sink.deliveries());
        while (!missing.isEmpty()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (AgentProcess a : agents) {
                    logs.append('\n').append(a.tail());
                }
                throw new AssertionError(missing.size() + " acknowledged change(s) not delivered within "
                        + DELIVERY_DEADLINE + ": " + (missing.size() > 20 ? missing.subList(0, 20) + "..." : missing)
                        + "; " + ledger.verdict(sink.deliveries()) + logs);
            }
            Thread.sleep(100);
            missing = ledger.missing(sink.deliveries());
        }
    }

    /** Until the agent reports no waiting delivery (changes it recorded without acknowledging included). */
    static void nothingPending(AgentProcess agent) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
        Double pending = null;
        while (System.nanoTime() < deadline) {
            try {
                pending = agent.metric("pbxmon_callback_outbox_pending{callback=\"hook\"}");
            } catch (AssertionError e) {
                pending = null;
            }
            if (pending != null && pending == 0.0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deliveries still pending after " + DELIVERY_DEADLINE + ": " + pending + "; "
                + agent.tail());
    }
}
