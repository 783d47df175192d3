package org.pbxmon.web;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures /metrics latency while slowloris connections are open (not a test: the bench figures of
 * issue 16). Usage: {@code SlowlorisBench [SLOW=200] [PROBES=100] [SOURCES=10]}. The slow clients
 * connect from 127.0.0.2 .. 127.0.0.(1+SOURCES), so the per-client limit does not refuse them, and
 * reconnect whenever the server closes them; the probes come from 127.0.0.1, one new connection each,
 * one after the other. Every probe is bounded (5 s) and the run too (60 s). Prints one line for the
 * baseline (no slow client) and one with the slow clients open.
 */
public final class SlowlorisBench {
    private static final int PROBE_TIMEOUT_MS = 5000;
    private static final long RUN_LIMIT_NANOS = 60_000_000_000L;
    private static int ok;

    private SlowlorisBench() {
    }

    public static void main(String[] args) throws Exception {
        int slow = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int sources = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of())) {
            probe(web.port, 20, new ArrayList<>()); // warm-up, not counted
            report("baseline, 0 slow", probe(web.port, probes, new ArrayList<>()), probes);
            try (Slowloris attack = new Slowloris(web.port, slow, sources)) {
                int open = attack.awaitOpen(slow);
                Thread.sleep(500);
                List<Long> lat = probe(web.port, probes, new ArrayList<>());
                report("with " + open + " slow open (" + attack.open.get() + " at the end, " + attack.connects.get()
                        + " connects)", lat, probes);
            }
        }
        System.exit(0);
    }

    /**
     * Slow clients that keep N connections open: each sends a request line and one header, then
     * nothing, and reconnects as soon as the server closes it (as a real attacker does).
     */
    static final class Slowloris implements AutoCloseable {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger connects = new AtomicInteger();
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stop;

        Slowloris(int port, int n, int sources) {
            for (int i = 0; i < n; i++) {
                String local = "127.0.0." + (2 + i % Math.max(1, sources));
                Thread t = new Thread(() -> loop(port, local), "slowloris-" + i);
                t.setDaemon(true);
                t.start();
            }
        }

        private void loop(int port, String local) {
            for (int round = 0; round < 1000 && !stop; round++) {
                try (Socket s = new Socket()) {
                    sockets.add(s);
                    s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    connects.incrementAndGet();
                    open.incrementAndGet();
                    try {
                        s.setSoTimeout(60_000);
                        s.getInputStream().readAllBytes();
                    } finally {
                        open.decrementAndGet();
                        sockets.remove(s);
                    }
                } catch (Exception e) {
                    pause();
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits up to 10 s until {@code n} are open; returns how many are. */
        int awaitOpen(int n) throws InterruptedException {
            for (int i = 0; i < 100 && open.get() < n; i++) {
                Thread.sleep(100);
            }
            return open.get();
        }

        @Override
        public void close() {
            stop = true;
            synchronized (sockets) {
                for (Socket s : sockets) {
                    try {
                        s.close();
                    } catch (Exception ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /** Latencies in microseconds of every probe (a failure counts with the time it took to fail). */
    static List<Long> probe(int port, int n, List<Long> out) {
        ok = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n && System.nanoTime() - start < RUN_LIMIT_NANOS; i++) {
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MS);
                s.setSoTimeout(PROBE_TIMEOUT_MS);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] head = in.readNBytes(12);
                in.readAllBytes();
                if (new String(head, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                    ok++;
                }
            } catch (Exception e) {
                // a failed probe
            }
            out.add((System.nanoTime() - t0) / 1000);
        }
        return out;
    }

    static void report(String what, List<Long> micros, int sent) {
        long[] a = micros.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        System.out.printf("%-60s ok %d/%d  p50 %s  p99 %s  max %s%n", what, ok, a.length, ms(a, 0.50), ms(a, 0.99),
                ms(a, 1.0));
    }

    private static String ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
        return String.format("%.2f ms", sorted[Math.max(0, i)] / 1000.0);
    }
}
