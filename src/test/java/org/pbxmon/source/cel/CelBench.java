package org.pbxmon.source.cel;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.CelConfig;
import org.pbxmon.config.Secret;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.SnapshotStore;

/**
 * Benchmark, not a test: {@code bench/run cel [rows] [cycles] [runs]}. Fills the real Asterisk
 * {@code cel} table with {@code rows} rows (default 10,000,000) on the test MariaDB, shows the
 * EXPLAIN of every query, then runs {@code runs} x {@code cycles} poll cycles; between two cycles 100
 * new rows arrive and the consumer stays 500 rows behind. Prints the median and p99 of one cycle's
 * queries per run, and the heap after GC along the way.
 */
public final class CelBench {
    private static final String GEN = "INSERT INTO cel (id, eventtype, eventtime, cid_name, cid_num, exten, context,"
            + " channame, appname, appdata, amaflags, uniqueid, linkedid, extra)"
            + " SELECT seq, ELT(seq MOD 15 + 1, 'CHAN_START', 'CHAN_START', 'ANSWER', 'ANSWER', 'BRIDGE_ENTER',"
            + " 'BRIDGE_ENTER', 'STREAM_BEGIN', 'STREAM_END', 'BRIDGE_EXIT', 'BRIDGE_EXIT', 'HANGUP', 'HANGUP',"
            + " 'CHAN_END', 'CHAN_END', 'LINKEDID_END'),"
            + " TIMESTAMP '%s' + INTERVAL ((seq - %d) * %d) MICROSECOND, 'Lab Load', '5550100', '912125550199',"
            + " 'from-carrier', CONCAT('PJSIP/carrier-', LPAD(HEX(seq DIV 15), 8, '0')), 'Dial',"
            + " 'PJSIP/12125550199@carrier,20', 3, CONCAT('1795', seq DIV 15, '.', seq MOD 2),"
            + " CONCAT('1795', seq DIV 15, '.0'),"
            + " IF(seq MOD 15 IN (4, 5), '{\"bridge_id\":\"2eeb351c-5dd7-4a05-af4c-f767d11a41fa\",\"bridge_technology\":\"simple_bridge\"}', '')"
            + " FROM seq_%d_to_%d";
    private static final int ROWS_PER_CYCLE = 100;
    private static final int CONSUMER_LAG = 500;

    private CelBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        CelDb db = new CelDb("cel_bench");
        System.out.printf("machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), db.scalarText("SELECT VERSION()"));
        long t0 = System.nanoTime();
        fill(db, rows);
        System.out.printf("filled %,d rows in %.1f s (table %,d MB)%n", rows, (System.nanoTime() - t0) / 1e9,
                db.scalar("SELECT (data_length + index_length) DIV 1048576 FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name = 'cel'"));
        db.server.exec(db.name, "CREATE TABLE connector_state (name VARCHAR(20) PRIMARY KEY, last_id INT NOT NULL)",
                "INSERT INTO connector_state VALUES ('cel', " + (rows - CONSUMER_LAG) + ")");
        db.server.createReadOnlyUser(CelDb.RO_USER, CelDb.RO_PASSWORD, db.name, "cel");
        db.server.exec("", "GRANT SELECT ON `" + db.name + "`.connector_state TO '" + CelDb.RO_USER + "'@'%'");
        String consumer = "SELECT last_id FROM connector_state WHERE name = 'cel'";
        explain(db, consumer, rows);

        CelConfig cfg = new CelConfig(db.url(), CelDb.RO_USER, Secret.of(CelDb.RO_PASSWORD), "cel", ZoneOffset.UTC,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5), 2, consumer, Duration.ofHours(1),
                Duration.ofMinutes(5), null, null);
        SnapshotStore store = new SnapshotStore();
        try (CelSource source = new CelSource("bench", cfg, store)) {
            CelStatus first = source.pollOnce();
            System.out.printf("first poll (window start by bisection, read back the 1 h window): %.1f ms, %,d rows%n",
                    first.pollSeconds() * 1e3, first.eventsByType().values().stream().mapToLong(Long::longValue).sum());
            System.out.println("  " + ms(first.queryDurations()) + ", error '" + first.error() + "'");
            long next = rows + 1;
            for (int run = 1; run <= runs; run++) {
                double[] poll = new double[cycles];
                Map<String, double[]> byQuery = new LinkedHashMap<>();
                List<String> heap = new ArrayList<>();
                for (int i = 0; i < cycles; i++) {
                    arrive(db, next, ROWS_PER_CYCLE);
                    next += ROWS_PER_CYCLE;
                    db.server.exec(db.name, "UPDATE connector_state SET last_id = " + (next - 1 - CONSUMER_LAG));
                    CelStatus st = source.pollOnce();
                    if (!st.error().isEmpty()) {
                        throw new IllegalStateException("poll failed: " + st.error());
                    }
                    poll[i] = st.pollSeconds();
                    for (Map.Entry<String, Double> q : st.queryDurations().entrySet()) {
                        byQuery.computeIfAbsent(q.getKey(), k -> new double[cycles])[i] = q.getValue();
                    }
                    if (i == 0 || (i + 1) % 250 == 0) {
                        heap.add((i + 1) + ": " + heapMb() + " MB");
                    }
                    if (i == cycles - 1) {
                        System.out.printf("run %d: last_id %d, pending %d events / %d calls, open calls %d%n", run,
                                st.lastId(), st.pendingEvents(), st.pendingCalls(), st.openCalls());
                    }
                }
                System.out.printf("run %d: one poll cycle (connection + all queries): median %.2f ms, p99 %.2f ms%n",
                        run, pct(poll, 50) * 1e3, pct(poll, 99) * 1e3);
                for (Map.Entry<String, double[]> q : byQuery.entrySet()) {
                    if (!q.getKey().equals(CelSql.Q_WINDOW)) {
                        System.out.printf("  %-8s median %.3f ms, p99 %.3f ms%n", q.getKey(), pct(q.getValue(), 50) * 1e3,
                                pct(q.getValue(), 99) * 1e3);
                    }
                }
                System.out.println("  heap after GC at cycle " + String.join(", ", heap));
            }
        }
        System.exit(0);
    }

    private static void fill(CelDb db, long rows) throws SQLException {
        db.server.createCelTable(db.name, "cel");
        // load without the secondary indexes, then build them sorted: the real schema in the end
        db.server.exec(db.name, "ALTER TABLE cel DROP INDEX uniqueid_index, DROP INDEX linkedid_index,"
                + " DROP INDEX eventtime_index");
        // 100 ms apart, the newest one now: 10,000,000 rows are 11.6 days of a busy PBX
        LocalDateTime base = LocalDateTime.now(ZoneOffset.UTC).minusNanos(rows * 100_000_000L);
        long chunk = 1_000_000;
        for (long a = 1; a <= rows; a += chunk) {
            long b = Math.min(rows, a + chunk - 1);
            db.server.exec(db.name, GEN.formatted(CelDb.SQL_TIME.format(base), 1, 100_000, a, b));
        }
        db.server.exec(db.name, "ALTER TABLE cel ADD KEY uniqueid_index (uniqueid), ADD KEY linkedid_index (linkedid),"
                + " ADD KEY eventtime_index (eventtime)", "ANALYZE TABLE cel");
    }

    /** {@code n} new rows from id {@code first}, written now, 1 ms apart. */
    private static void arrive(CelDb db, long first, int n) throws SQLException {
        LocalDateTime base = LocalDateTime.now(ZoneOffset.UTC).minusNanos(n * 1_000_000L);
        db.server.exec(db.name, GEN.formatted(CelDb.SQL_TIME.format(base), first, 1_000, first, first + n - 1));
    }

    private static void explain(CelDb db, String consumer, long rows) throws SQLException {
        long w = rows - CONSUMER_LAG;
        String t = CelSql.table("cel");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(CelSql.Q_LAST_ROW, CelSql.LAST_ROW.formatted(t));
        queries.put(CelSql.Q_WINDOW + " (first row)", CelSql.FIRST_ROW.formatted(t));
        queries.put(CelSql.Q_WINDOW + " (row at)", CelSql.ROW_AT.formatted(t).replace("?", String.valueOf(rows / 2)));
        queries.put(CelSql.Q_TAIL, CelSql.TAIL.formatted(t).replaceFirst("\\?", String.valueOf(rows - 100))
                .replaceFirst("\\?", String.valueOf(rows)).replaceFirst("\\?", String.valueOf(CelSql.TAIL_BATCH)));
        queries.put(CelSql.Q_CONSUMER, consumer);
        queries.put(CelSql.Q_PENDING, CelSql.PENDING.formatted(t).replaceFirst("\\?", String.valueOf(w))
                .replaceFirst("\\?", String.valueOf(rows)).replaceFirst("\\?", String.valueOf(CelSql.PENDING_CAP)));
        try (Connection c = db.server.admin(db.name); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                // MariaDB's ANALYZE: the EXPLAIN plan, run, with r_rows = rows actually read
                System.out.println("EXPLAIN " + q.getKey() + ": " + q.getValue());
                try (ResultSet rs = s.executeQuery("ANALYZE " + q.getValue())) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder("  ");
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (List.of("possible_keys", "key_len", "filtered", "r_filtered").contains(md.getColumnLabel(i))) {
                                continue;
                            }
                            b.append(md.getColumnLabel(i)).append('=').append(rs.getString(i)).append(" | ");
                        }
                        System.out.println(b);
                    }
                }
            }
        }
    }

    private static long heapMb() {
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static String ms(Map<String, Double> d) {
        StringBuilder b = new StringBuilder();
        d.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(String.format(" %.1f ms", v * 1e3)));
        return b.toString();
    }
}
