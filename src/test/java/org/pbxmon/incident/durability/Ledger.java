package org.pbxmon.incident.durability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test's books: which status transitions it tried to cause (an Alertmanager notification was sent)
 * and which the agent acknowledged (HTTP 200: recorded, so it must be delivered), and the verdict
 * against what the receiver got. A transition is (object, final status); the tests use each alert name
 * for at most one fire and one resolve, so that names each transition once.
 */
final class Ledger {
    /** One status transition: {@code alert:X} to warning (fired) or to operational (resolved). */
    record Key(String object, String finalStatus) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = String.valueOf(object).compareTo(String.valueOf(o.object));
            return c != 0 ? c : String.valueOf(finalStatus).compareTo(String.valueOf(o.finalStatus));
        }

        /** The previous status this transition must report. */
        String previous() {
            return "warning".equals(finalStatus) ? "operational" : "warning";
        }
    }

    private final Set<Key> attempted = ConcurrentHashMap.newKeySet();
    private final Set<Key> acked = ConcurrentHashMap.newKeySet();

    static Key fired(String alertname) {
        return new Key("alert:" + alertname, "warning");
    }

    static Key resolved(String alertname) {
        return new Key("alert:" + alertname, "operational");
    }

    void attempted(Key k) {
        attempted.add(k);
    }

    void acked(Key k) {
        acked.add(k);
    }

    int ackedCount() {
        return acked.size();
    }

    /** The acknowledged transitions that no delivery answered 200 reported yet. */
    List<Key> missing(List<CallbackSink.Delivery> deliveries) {
        Set<Key> got = new java.util.HashSet<>();
        for (CallbackSink.Delivery d : deliveries) {
            if (d.answer() == 200) {
                got.add(d.key());
            }
        }
        List<Key> out = new ArrayList<>();
        for (Key k : new TreeSet<>(acked)) {
            if (!got.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * The store's side: every outbox row of {@code callback} is delivered (none pending or dead), each
     * of their event ids reached the receiver with a 200, and the receiver got no id the store lacks.
     *
     * @return the problems found, empty when none
     */
    static List<String> storeProblems(Connection c, String callback, List<CallbackSink.Delivery> deliveries)
            throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        Map<String, String> details = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, state, attempts, created_ms, next_attempt_ms,"
                + " lease_owner, lease_until_ms, last_error FROM outbox WHERE callback = ?")) {
            ps.setString(1, callback);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getString(2));
                    details.put(r.getString(1), "attempts " + r.getInt(3) + ", created " + r.getLong(4)
                            + ", next attempt " + r.getLong(5) + ", lease " + r.getString(6) + " until "
                            + r.getObject(7) + ", last error " + r.getString(8));
                }
            }
        }
        Set<String> accepted = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (CallbackSink.Delivery d : deliveries) {
            if (d.webhookId() != null) {
                seen.add(d.webhookId());
                if (d.answer() == 200) {
                    accepted.add(d.webhookId());
                }
            }
        }
        List<String> out = new ArrayList<>();
        rows.forEach((id, state) -> {
            if (!"delivered".equals(state)) {
                out.add("outbox row of " + id + " is " + state + " (" + details.get(id) + "); the receiver got "
                        + deliveries.stream().filter(d -> id.equals(d.webhookId())).toList());
            } else if (!accepted.contains(id)) {
                out.add("outbox row of " + id + " is delivered but the receiver never answered it 200");
            }
        });
        for (String id : seen) {
            if (!rows.containsKey(id)) {
                out.add("the receiver got " + id + ", which is no outbox row");
            }
        }
        return out;
    }

    /** What the receiver got, judged against these books. */
    Verdict verdict(List<CallbackSink.Delivery> deliveries) {
        Map<Key, Set<String>> ids = new TreeMap<>();
        Map<Key, Integer> accepted = new HashMap<>();
        List<String> bad = new ArrayList<>();
        List<Key> unexpected = new ArrayList<>();
        for (CallbackSink.Delivery d : deliveries) {
            if (d.object() == null || d.webhookId() == null) {
                bad.add("not an event delivery: " + d);
                continue;
            }
            if (!d.signed()) {
                bad.add("signature does not verify: " + d);
            }
            if (!d.webhookId().equals(d.bodyId())) {
                bad.add("webhook-id is not the event id: " + d);
            }
            Key k = d.key();
            if (!k.previous().equals(d.previous())) {
                bad.add("previous_status " + d.previous() + " for " + k + ": " + d);
            }
            if (!attempted.contains(k) && !unexpected.contains(k)) {
                unexpected.add(k);
            }
            ids.computeIfAbsent(k, x -> new TreeSet<>()).add(d.webhookId());
            if (d.answer() == 200) {
                accepted.merge(k, 1, Integer::sum);
            }
        }
        Map<Key, Set<String>> conflicts = new TreeMap<>();
        ids.forEach((k, v) -> {
            if (v.size() > 1) {
                conflicts.put(k, v);
            }
        });
        int duplicates = 0;
        for (int n : accepted.values()) {
            duplicates += n - 1;
        }
        return new Verdict(acked.size(), attempted.size(), accepted.size(), deliveries.size(), missing(deliveries),
                conflicts, duplicates, unexpected, bad);
    }

    /**
     * @param expected       transitions acknowledged by the agent
     * @param attempted      transitions a notification was sent for (acknowledged or not)
     * @param delivered      distinct transitions some delivery of which was answered 200
     * @param requests       callback requests received, retries and duplicates included
     * @param lost           acknowledged transitions never delivered
     * @param conflicts      transitions delivered under more than one webhook-id
     * @param duplicates     deliveries answered 200 beyond the first of their transition
     * @param unexpected     transitions delivered that no notification asked for
     * @param bad            deliveries that are malformed, unsigned, or inconsistent
     */
    record Verdict(int expected, int attempted, int delivered, int requests, List<Key> lost,
            Map<Key, Set<String>> conflicts, int duplicates, List<Key> unexpected, List<String> bad) {
        boolean ok() {
            return lost.isEmpty() && conflicts.isEmpty() && unexpected.isEmpty() && bad.isEmpty();
        }

        @Override
        public String toString() {
            return "expected (acknowledged) " + expected + ", attempted " + attempted + ", delivered " + delivered
                    + ", callback requests " + requests + ", exact duplicates " + duplicates + "; lost " + lost.size()
                    + cut(lost) + ", under two ids " + conflicts.size() + cut(conflicts.entrySet())
                    + ", unexpected " + unexpected.size() + cut(unexpected) + ", bad " + bad.size() + cut(bad);
        }

        private static String cut(java.util.Collection<?> c) {
            if (c.isEmpty()) {
                return "";
            }
            List<?> l = new ArrayList<>(c);
            return " " + (l.size() > 10 ? l.subList(0, 10) + "..." : l.toString());
        }
    }
}
