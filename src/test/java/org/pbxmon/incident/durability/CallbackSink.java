package org.pbxmon.incident.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A slow, sometimes failing callback receiver on loopback, as a customer's webhook endpoint: it records
 * every delivery (webhook-id, the event's id, object, previous and final status, whether the signature
 * verified, and the answer it chose), waits a random {@code minMs..maxMs} and answers 500 with
 * probability {@code failShare}, else 200. Each request is handled on its own thread, so deliveries of
 * two agents are in flight at once, and a kill of the sender lands while some are.
 */
final class CallbackSink implements AutoCloseable {
    static final String PATH = "/hook";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received; {@code object} is null when the body was not the event JSON. */
    record Delivery(String webhookId, String bodyId, String object, String previous, String finalStatus,
            String agent, boolean signed, int answer, long atMs, long answeredMs) {
        /** The status transition this delivery reports. */
        Ledger.Key key() {
            return new Ledger.Key(object, finalStatus);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "callback-sink");
        t.setDaemon(true);
        return t;
    });
    private final byte[] key;
    private final int minMs;
    private final int maxMs;
    private final double failShare;
    private final List<Delivery> deliveries = new ArrayList<>(); // guarded by itself
    private final Map<Delivery, Long> answered = new java.util.IdentityHashMap<>(); // guarded by deliveries
    private final AtomicInteger inFlight = new AtomicInteger();

    private CallbackSink(String whsecSecret, int minMs, int maxMs, double failShare) throws IOException {
        this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.failShare = failShare;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(pool);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** Listens on 127.0.0.1 and a free port, verifying signatures with {@code whsecSecret}. */
    static CallbackSink start(String whsecSecret, int minMs, int maxMs, double failShare) throws IOException {
        return new CallbackSink(whsecSecret, minMs, maxMs, failShare);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Requests being answered right now. */
    int inFlight() {
        return inFlight.get();
    }

    List<Delivery> deliveries() {
        synchronized (deliveries) {
            List<Delivery> out = new ArrayList<>(deliveries.size());
            for (Delivery d : deliveries) {
                Long at = answered.get(d);
                out.add(at == null ? d : new Delivery(d.webhookId(), d.bodyId(), d.object(), d.previous(),
                        d.finalStatus(), d.agent(), d.signed(), d.answer(), d.atMs(), at));
            }
            return out;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            boolean signed = id != null && ts != null && sig != null && verifies(id, ts, sig, body);
            String bodyId = null;
            String object = null;
            String previous = null;
            String fin = null;
            String agent = null;
            try {
                JsonNode n = JSON.readTree(body);
                bodyId = n.path("id").asText(null);
                object = n.path("object").path("id").asText(null);
                previous = n.path("previous_status").asText(null);
                fin = n.path("final_status").asText(null);
                agent = n.path("agent").asText(null);
            } catch (IOException e) {
                // recorded with object null: a malformed delivery
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            int answer = rnd.nextDouble() < failShare ? 500 : 200;
            Delivery d = new Delivery(id, bodyId, object, previous, fin, agent, signed, answer,
                    System.currentTimeMillis(), -1);
            synchronized (deliveries) {
                deliveries.add(d);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(rnd.nextInt(minMs, maxMs + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                ex.sendResponseHeaders(answer, -1);
                OutputStream out = ex.getResponseBody();
                out.close();
                synchronized (deliveries) {
                    answered.put(d, System.currentTimeMillis());
                }
            } catch (IOException e) {
                // the sender is gone (killed mid-delivery): it never saw this answer and will send again
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean verifies(String id, String ts, String header, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] want = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .getBytes(StandardCharsets.US_ASCII);
            for (String s : header.split(" ")) {
                if (MessageDigest.isEqual(want, s.getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
