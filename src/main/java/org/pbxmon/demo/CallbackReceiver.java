package org.pbxmon.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's callback receiver: a customer's webhook endpoint on loopback that records what pbxmon
 * delivers to it and checks each Standard Webhooks signature with {@link #SECRET}. The agent lists the
 * deliveries at {@code GET /demo/callbacks} ({@link #listing()}).
 */
public final class CallbackReceiver implements AutoCloseable {
    /** The demo callback's signing secret. */
    public static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("pbxmon-demo-signing-key".getBytes(StandardCharsets.UTF_8));
    static final int KEEP = 200;
    private static final int MAX_BODY = 256 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Deque<ObjectNode> received = new ArrayDeque<>(); // guarded by itself
    private long total; // guarded by received

    private CallbackReceiver(HttpServer server) {
        this.server = server;
    }

    static CallbackReceiver start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        CallbackReceiver r = new CallbackReceiver(s);
        s.createContext("/hook", r::receive);
        s.setExecutor(Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "pbxmon-demo-callbacks");
            th.setDaemon(true);
            return th;
        }));
        s.start();
        return r;
    }

    /** The URL the demo callback posts to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void receive(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY);
            }
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            ObjectNode n = json.createObjectNode();
            n.put("received", Instant.now().toString());
            n.put("method", ex.getRequestMethod());
            n.put("content_type", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
            n.put("webhook_id", id);
            n.put("webhook_timestamp", ts);
            n.put("signature_valid", id != null && ts != null && sig != null && valid(id, ts, body, sig));
            String text = new String(body, StandardCharsets.UTF_8);
            String form = text.startsWith("data=") ? URLDecoder.decode(text.substring(5), StandardCharsets.UTF_8) : text;
            try {
                n.set("data", json.readTree(form));
            } catch (IOException e) {
                n.put("body", text);
            }
            synchronized (received) {
                received.addFirst(n);
                total++;
                while (received.size() > KEEP) {
                    received.removeLast();
                }
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    static boolean valid(String id, String ts, byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String s : header.split(" ")) {
                if (MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code GET /demo/callbacks}: the deliveries received, newest first (at most {@value #KEEP}). */
    public HttpHandler listing() {
        return ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                ObjectNode root = json.createObjectNode();
                synchronized (received) {
                    root.put("total", total);
                    ArrayNode arr = root.putArray("deliveries");
                    received.forEach(arr::add);
                }
                byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
                ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : bytes.length);
                if (!"HEAD".equals(ex.getRequestMethod())) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
