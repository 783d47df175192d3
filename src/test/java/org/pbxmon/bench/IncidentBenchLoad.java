package org.pbxmon.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load side of {@link IncidentBench}: Alertmanager notifications that each change the status of
 * {@value #PER_NOTIFICATION} distinct objects, sent open-loop at a fixed pace; the loopback callback
 * receiver; and the trivial HTTP server of the floor.
 *
 * <p>Objects {@code alert:bench-0000} to {@code alert:bench-NNNN} are used in blocks of ten: notification
 * {@code i} names block {@code i mod blocks}, firing its alerts on even rounds over the blocks and
 * resolving them on odd ones, so every alert in every notification is one status change (operational to
 * warning, or back), and each object changes once per round.
 */
final class IncidentBenchLoad {
    static final int PER_NOTIFICATION = 10;
    /**
     * At most this many notifications in flight (Alertmanager sends a group's notifications one at a time;
     * the agent allows 64 connections per client address).
     */
    static final int MAX_IN_FLIGHT = 16;
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private IncidentBenchLoad() {
    }

    /** The body of notification {@code i} over {@code objects} objects, stamped {@code now}. */
    static String notification(long i, int objects, Instant now) {
        int blocks = Math.max(1, objects / PER_NOTIFICATION);
        long block = i % blocks;
        boolean firing = (i / blocks) % 2 == 0;
        String status = firing ? "firing" : "resolved";
        StringBuilder b = new StringBuilder(2_400);
        b.append("{\"version\":\"4\",\"receiver\":\"pbxmon\",\"status\":\"").append(status)
                .append("\",\"groupKey\":\"{}:{block=\\\"").append(block).append("\\\"}\",\"externalURL\":\"http://am\",")
                .append("\"alerts\":[");
        for (int k = 0; k < PER_NOTIFICATION; k++) {
            long obj = block * PER_NOTIFICATION + k;
            String name = String.format("bench-%04d", obj);
            if (k > 0) {
                b.append(',');
            }
            b.append("{\"status\":\"").append(status).append("\",\"labels\":{\"alertname\":\"").append(name)
                    .append("\",\"job\":\"bench\"},\"annotations\":{\"summary\":\"bench alert ").append(name)
                    .append("\"},\"startsAt\":\"").append(firing ? now : now.minusSeconds(1))
                    .append("\",\"endsAt\":\"").append(firing ? ZERO_TIME : now.toString())
                    .append("\",\"generatorURL\":\"http://prom/graph\",\"fingerprint\":\"")
                    .append(String.format("%016x", 0xbe4c000000000000L + obj)).append("\"}");
        }
        return b.append("]}").toString();
    }

    /** What one paced run saw. Latencies are from each request's scheduled time to its answer, in ms. */
    record Paced(long sent, long ok, long failed, double seconds, double p50, double p99, double max, String firstError,
            java.util.BitSet okIndexes) {
        double okPerSecond() {
            return ok / seconds;
        }
    }

    /**
     * Sends {@code n} POSTs at {@code perSecond}, open loop (at most {@link #MAX_IN_FLIGHT} in flight),
     * each answered 2xx counting as ok. Latency is measured from the scheduled send time, so a server that
     * falls behind pays for the queue it causes. {@code seconds} runs from the first scheduled send to the
     * last answer.
     */
    static Paced paced(String url, String auth, int n, double perSecond, IntFunction<String> body) throws Exception {
        return paced(url, auth, n, perSecond, body, null);
    }

    /** As above; {@code webhookId}, when not null, gives each request a {@code webhook-id} header. */
    static Paced paced(String url, String auth, int n, double perSecond, IntFunction<String> body,
            IntFunction<String> webhookId) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2, daemon("bench-client")))
                .build();
        long period = (long) (1e9 / perSecond);
        long[] lat = new long[n];
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        java.util.BitSet okIndexes = new java.util.BitSet(n);
        AtomicLong lastDone = new AtomicLong();
        String[] firstError = {null};
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        URI uri = URI.create(url);
        long t0 = System.nanoTime() + 20_000_000;
        for (int i = 0; i < n; i++) {
            long at = t0 + i * period;
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            slots.acquire();
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)));
            if (webhookId != null) {
                rb.header("webhook-id", webhookId.apply(i));
            }
            HttpRequest req = rb.build();
            int idx = i;
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long done = System.nanoTime();
                lat[idx] = done - at;
                lastDone.accumulateAndGet(done, Math::max);
                if (e == null && r.statusCode() / 100 == 2) {
                    ok.increment();
                    synchronized (okIndexes) {
                        okIndexes.set(idx);
                    }
                } else {
                    failed.increment();
                    synchronized (firstError) {
                        if (firstError[0] == null) {
                            firstError[0] = e != null ? e.toString() : r.statusCode() + " " + r.body();
                        }
                    }
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(MAX_IN_FLIGHT, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("answers still missing 120 s after the last send");
        }
        ((ExecutorService) client.executor().orElseThrow()).shutdown();
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        return new Paced(n, ok.sum(), failed.sum(), (lastDone.get() - t0) / 1e9, pct(sorted, 50), pct(sorted, 99),
                sorted[n - 1] / 1e6, firstError[0], okIndexes);
    }

    /**
     * Closed loop: {@code clients} senders, each POSTing as soon as the last answer came, for {@code ms}.
     * Returns the indexes (as given to {@code body}) of the notifications answered 200.
     */
    static java.util.BitSet flatOut(String url, String auth, int clients, long ms, IntFunction<String> body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong next = new AtomicLong();
        java.util.BitSet ok = new java.util.BitSet();
        long end = System.nanoTime() + ms * 1_000_000;
        Thread[] ts = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            ts[c] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int idx = (int) next.getAndIncrement();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30)).header("Authorization", auth)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.apply(idx)))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            synchronized (ok) {
                                ok.set(idx);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return ok;
    }

    /**
     * The status changes that the notifications with these global indexes make, applied in index order
     * (the order the agent sees them in: two notifications about one block are a round apart).
     */
    static long changes(java.util.BitSet ok, int objects) {
        int blocks = Math.max(1, objects / PER_NOTIFICATION);
        boolean[] open = new boolean[blocks * PER_NOTIFICATION];
        long n = 0;
        for (int i = ok.nextSetBit(0); i >= 0; i = ok.nextSetBit(i + 1)) {
            int block = i % blocks;
            boolean firing = (i / blocks) % 2 == 0;
            for (int k = 0; k < PER_NOTIFICATION; k++) {
                int obj = block * PER_NOTIFICATION + k;
                if (open[obj] != firing) {
                    open[obj] = firing;
                    n++;
                }
            }
        }
        return n;
    }

    static double pct(long[] sortedNanos, int p) {
        return sortedNanos.length == 0 ? Double.NaN
                : sortedNanos[Math.min(sortedNanos.length - 1, sortedNanos.length * p / 100)] / 1e6;
    }

    /** A JDK server that reads the body and answers 200 with a fixed small JSON, on 8 threads: the HTTP floor. */
    static HttpServer floorServer() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        byte[] answer = "{\"result\":\"ok\",\"alerts\":10}".getBytes(StandardCharsets.UTF_8);
        s.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        s.setExecutor(Executors.newFixedThreadPool(8, daemon("bench-floor")));
        s.start();
        return s;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The callback receiver: answers 204 at once and records, per {@code webhook-id}, the receive time and
     * the event's {@code at} (epoch ms), and how many deliveries repeated an id already seen.
     */
    static final class Receiver implements AutoCloseable {
        final Map<String, long[]> seen = new ConcurrentHashMap<>();
        final LongAdder duplicates = new LongAdder();
        final LongAdder unreadable = new LongAdder();
        final AtomicLong lastReceiveMs = new AtomicLong();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.createContext("/", ex -> {
                long now = System.currentTimeMillis();
                String body;
                try (InputStream in = ex.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                ex.sendResponseHeaders(204, -1);
                ex.close();
                String id = ex.getRequestHeaders().getFirst("webhook-id");
                long at = at(body);
                if (id == null || at < 0) {
                    unreadable.increment();
                    return;
                }
                lastReceiveMs.accumulateAndGet(now, Math::max);
                if (seen.putIfAbsent(id, new long[] {now, at}) != null) {
                    duplicates.increment();
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4, daemon("bench-receiver")));
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        /** The event's "at" (the status change time) in epoch ms, or -1. */
        static long at(String body) {
            int i = body.indexOf("\"at\":\"");
            if (i < 0) {
                return -1;
            }
            int end = body.indexOf('"', i + 6);
            try {
                return Instant.parse(body.substring(i + 6, end)).toEpochMilli();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        /** Sorted (receive − at) of every distinct event, in ms. */
        long[] delaysMs() {
            return seen.values().stream().mapToLong(v -> v[0] - v[1]).sorted().toArray();
        }

        @Override
        public void close() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
