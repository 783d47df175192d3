package org.pbxmon.source.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/** A loopback HTTP(S) server with canned routes, and a Digest (RFC 7616) guard for them. */
final class FakeHttp implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-http");
        t.setDaemon(true);
        return t;
    });

    private FakeHttp(HttpServer server) {
        this.server = server;
        server.setExecutor(pool);
    }

    static FakeHttp http() throws IOException {
        return new FakeHttp(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeHttp https(SSLContext ctx) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new FakeHttp(s);
    }

    FakeHttp route(String path, HttpHandler h) {
        server.createContext(path, h);
        return this;
    }

    FakeHttp start() {
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    static HttpHandler body(int status, byte[] body) {
        return ex -> send(ex, status, body);
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** Answers only requests with a valid Digest response (qop=auth) for one user; counts them. */
    static final class Digest {
        private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
        final String realm = "itgrix";
        final String user;
        final String password;
        final String algorithm;
        final AtomicInteger challenges = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        private final Set<String> nonces = ConcurrentHashMap.newKeySet();

        Digest(String user, String password, String algorithm) {
            this.user = user;
            this.password = password;
            this.algorithm = algorithm;
        }

        HttpHandler guard(HttpHandler inner) {
            return ex -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null && auth.startsWith("Digest ") && valid(auth.substring(7), ex.getRequestURI().toString())) {
                    accepted.incrementAndGet();
                    inner.handle(ex);
                    return;
                }
                challenges.incrementAndGet();
                String nonce = UUID.randomUUID().toString().replace("-", "");
                nonces.add(nonce);
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"" + realm + "\", qop=\"auth\", algorithm="
                        + algorithm + ", nonce=\"" + nonce + "\", opaque=\"0123\"");
                send(ex, 401, new byte[0]);
            };
        }

        private boolean valid(String header, String uri) {
            Map<String, String> p = new LinkedHashMap<>();
            Matcher m = PARAM.matcher(header);
            while (m.find()) {
                p.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
            }
            if (!user.equals(p.get("username")) || !realm.equals(p.get("realm")) || !nonces.contains(p.get("nonce"))
                    || !uri.equals(p.get("uri")) || !"auth".equals(p.get("qop"))
                    || !algorithm.equalsIgnoreCase(p.getOrDefault("algorithm", "MD5"))) {
                return false;
            }
            String ha1 = h(user + ":" + realm + ":" + password);
            String ha2 = h("GET:" + uri);
            String expected = h(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
            return expected.equals(p.get("response"));
        }

        private String h(String s) {
            try {
                MessageDigest md = MessageDigest.getInstance(algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5");
                return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
