package org.pbxmon.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A callback receiver on loopback for raw-JSON callbacks: answers 200, records every delivery, and
 * checks its Standard Webhooks signature with an HMAC of its own (written from the specification, not
 * from pbxmon's signer): {@code v1,base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))}.
 */
final class SignedReceiver implements AutoCloseable {
    static final String PATH = "/hook";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One delivery as received.
     *
     * @param signed true when one of the {@code webhook-signature} entries is the expected HMAC
     */
    record Delivery(String id, String timestamp, String signature, byte[] body, boolean signed) {
        JsonNode event() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String objectId() {
            return event().path("object").path("id").asText();
        }

        String finalStatus() {
            return event().path("final_status").asText();
        }

        @Override
        public String toString() {
            return "Delivery[" + id + ", signed " + signed + ", " + new String(body, StandardCharsets.UTF_8) + "]";
        }
    }

    private final byte[] key;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "signed-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private SignedReceiver(byte[] key) throws IOException {
        this.key = key.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PATH, this::handle);
        server.setExecutor(pool);
    }

    /** Listens on 127.0.0.1 on a free port; {@code key} is the HMAC key (a whsec_ secret's decoded bytes). */
    static SignedReceiver start(byte[] key) throws IOException {
        SignedReceiver r = new SignedReceiver(key);
        r.server.start();
        return r;
    }

    /** The callback URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries about {@code objectId}, in arrival order. */
    List<Delivery> about(String objectId) {
        return deliveries.stream().filter(d -> d.objectId().equals(objectId)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            deliveries.add(new Delivery(id, ts, sig, body, verify(id, ts, sig, body)));
            ex.sendResponseHeaders(200, -1);
        }
    }

    private boolean verify(String id, String ts, String signatures, byte[] body) {
        if (id == null || ts == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String s : signatures.trim().split(" +")) {
                if (MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
