package org.pbxmon.incident.callback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A callback receiver on loopback: records every request (method, query, headers, body bytes, arrival)
 * and answers with a script of replies, then with a default one. A hanging reply holds the request until
 * the hook is closed. Every request is handled on its own thread.
 */
final class Hook implements AutoCloseable {
    /** How one request is answered. */
    interface Reply {
        void answer(HttpExchange ex, Hook hook) throws IOException;
    }

    /** One request as received. */
    record Seen(String method, String path, String rawQuery, Map<String, String> headers, byte[] body, long atMs) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A query or form parameter, decoded. */
        static String param(String encoded, String name) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hook");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Reply> script = new ArrayDeque<>();
    private final Reply otherwise;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);

    private Hook(Reply otherwise, Reply... first) throws IOException {
        this.otherwise = otherwise;
        script.addAll(List.of(first));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A hook that answers {@code first} in order, then {@code otherwise}. */
    static Hook start(Reply otherwise, Reply... first) throws IOException {
        return new Hook(otherwise, first);
    }

    static Reply status(int code, String... headerPairs) {
        return (ex, hook) -> {
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                ex.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            hook.respond(ex, code, new byte[0]);
        };
    }

    /** A 200 with a body of {@code size} bytes. */
    static Reply big(int size) {
        return (ex, hook) -> hook.respond(ex, 200, new byte[size]);
    }

    /** Holds the request, unanswered, until the hook closes. */
    static Reply hang() {
        return (ex, hook) -> {
            try {
                hook.released.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        };
    }

    private void respond(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (code >= 200 && code < 300) {
            ok.incrementAndGet(); // the head is out: a client may cut a long body short
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    headers, body, System.currentTimeMillis()));
            Reply r;
            synchronized (script) {
                r = script.isEmpty() ? otherwise : script.poll();
            }
            r.answer(ex, this);
        } catch (IOException e) {
            ex.close(); // the client gave up first
        }
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    int count() {
        return seen.size();
    }

    /** Requests answered with a 2xx head. */
    int ok() {
        return ok.get();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
