package org.pbxmon.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pbxmon.agent.Agent;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.ScriptedAmi;

/**
 * Scrape latency over HTTP as Prometheus sees it, beside a floor: sequential GETs timed to the last body
 * byte, for plain text (no Accept, no Accept-Encoding) and for what Prometheus 3.x sends ({@link #ACCEPT}
 * and {@code Accept-Encoding: gzip}). For each case, the floor is a JDK {@link HttpServer} in this JVM that
 * answers a byte array captured from pbxmon's own answer, with the same Content-Type, Content-Encoding and
 * Content-Length, on a pool of 8 threads like pbxmon's workers. Each run: 100 warm-up and n timed scrapes
 * of pbxmon, then of the floor, per case; the medians of the runs' p50 and p99 are printed at the end.
 *
 * <p>Usage: {@code ScrapeBench URL [n] [runs]} against a running agent, or {@code ScrapeBench --scale [n]
 * [runs]}: an agent in this JVM (the real {@link Agent}: web server, router, worker pool) synced against a
 * {@link ScriptedAmi} serving the ami-scale captures (5,000 PJSIP endpoints and contacts, 200 outbound
 * registrations, 1,000 channels, 50 queues).
 */
public final class ScrapeBench {
    /** Prometheus 3.x's default Accept header (scrape_protocols OpenMetrics 1.0.0, 0.0.1, text 1.0.0, 0.0.4). */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    private static final int WARMUP = 100;
    private static final long SYNC_TIMEOUT_MS = 120_000;

    private record Case(String name, String[] headers) {
    }

    private static final List<Case> CASES = List.of(new Case("plain", new String[0]),
            new Case("gzip", new String[] {"Accept", ACCEPT, "Accept-Encoding", "gzip"}));

    private record Stats(double p50, double p99, double max, long bytes) {
    }

    private ScrapeBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean scale = args.length > 0 && args[0].equals("--scale");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : scale ? 3 : 1;
        if (!scale) {
            bench(args[0], n, runs);
            return;
        }
        try (ScriptedAmi ami = org.pbxmon.source.ami.SyncBench.scaleServer(false)) {
            AgentConfig cfg = LabAgent.config("""
                    http:
                      listen: 127.0.0.1:0
                      users:
                        - username: bench
                          password: bench-password
                    pbx:
                    """ + LabAgent.pbxYaml("scale", ami.port(), "")
                    .replace("ping_interval: 1s", "ping_interval: 10s").replace("read_timeout: 3s", "read_timeout: 60s")
                    .replace("response_timeout: 1s", "response_timeout: 30s")
                    .replace("connect_timeout: 1s", "connect_timeout: 5s"));
            try (Agent agent = new Agent(cfg).start()) {
                String url = "http://127.0.0.1:" + agent.port() + "/metrics";
                waitForSync(url);
                System.out.printf("agent in this JVM, synced against ScriptedAmi (ami-scale captures) on %s%n", url);
                bench(url, n, runs);
            }
        }
    }

    private static void bench(String url, int n, int runs) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, List<Stats>> results = new LinkedHashMap<>();
        ExecutorService floorPool = Executors.newFixedThreadPool(8);
        try {
            for (int run = 1; run <= runs; run++) {
                for (Case c : CASES) {
                    Stats pbx = measure(client, url, c, n);
                    HttpResponse<byte[]> sample = client.send(request(url, c), HttpResponse.BodyHandlers.ofByteArray());
                    HttpServer floor = floor(sample, floorPool);
                    Stats fl;
                    try {
                        fl = measure(client, "http://127.0.0.1:" + floor.getAddress().getPort() + "/metrics", c, n);
                    } finally {
                        floor.stop(0);
                    }
                    results.computeIfAbsent(c.name() + " pbxmon", k -> new ArrayList<>()).add(pbx);
                    results.computeIfAbsent(c.name() + " floor", k -> new ArrayList<>()).add(fl);
                    System.out.printf("run %d %-5s pbxmon: body %,d bytes p50 %.3f ms p99 %.3f ms max %.2f ms | "
                            + "floor: p50 %.3f ms p99 %.3f ms max %.2f ms | p50 ratio %.2f%n", run, c.name(), pbx.bytes(),
                            pbx.p50(), pbx.p99(), pbx.max(), fl.p50(), fl.p99(), fl.max(), pbx.p50() / fl.p50());
                }
            }
        } finally {
            floorPool.shutdownNow();
        }
        System.out.printf("median of %d runs (n=%d after %d warm-up):%n", runs, n, WARMUP);
        for (Case c : CASES) {
            double p50 = median(results.get(c.name() + " pbxmon").stream().map(Stats::p50).toList());
            double p99 = median(results.get(c.name() + " pbxmon").stream().map(Stats::p99).toList());
            double f50 = median(results.get(c.name() + " floor").stream().map(Stats::p50).toList());
            double f99 = median(results.get(c.name() + " floor").stream().map(Stats::p99).toList());
            System.out.printf("  %-5s pbxmon p50 %.3f ms p99 %.3f ms | floor p50 %.3f ms p99 %.3f ms | p50 %.2fx, p99 %.2fx%n",
                    c.name(), p50, p99, f50, f99, p50 / f50, p99 / f99);
        }
    }

    private static HttpRequest request(String url, Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (c.headers().length > 0) {
            b.headers(c.headers());
        }
        return b.build();
    }

    private static Stats measure(HttpClient client, String url, Case c, int n) throws Exception {
        HttpRequest req = request(url, c);
        long bytes = 0;
        for (int i = 0; i < WARMUP; i++) {
            bytes = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            ns[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": status " + r.statusCode());
            }
        }
        Arrays.sort(ns);
        return new Stats(ns[n / 2] / 1e6, ns[n * 99 / 100] / 1e6, ns[n - 1] / 1e6, bytes);
    }

    /** A server that answers every request with the captured body and its Content-Type and Content-Encoding. */
    private static HttpServer floor(HttpResponse<byte[]> sample, ExecutorService pool) throws Exception {
        byte[] body = sample.body();
        String type = sample.headers().firstValue("Content-Type").orElseThrow();
        String encoding = sample.headers().firstValue("Content-Encoding").orElse(null);
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        s.createContext("/metrics", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", type);
                if (encoding != null) {
                    ex.getResponseHeaders().set("Content-Encoding", encoding);
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        s.setExecutor(pool);
        s.start();
        return s;
    }

    private static void waitForSync(String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + SYNC_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            String body = client.send(HttpRequest.newBuilder(URI.create(url + "?name[]=asterisk_up")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("asterisk_up{pbx=\"scale\"} 1")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no sync within " + SYNC_TIMEOUT_MS + " ms");
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int k = v.size();
        return k == 0 ? Double.NaN : k % 2 == 1 ? v.get(k / 2) : (v.get(k / 2 - 1) + v.get(k / 2)) / 2;
    }
}
