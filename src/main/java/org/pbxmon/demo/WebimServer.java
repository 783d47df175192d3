package org.pbxmon.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Webim chat backend's monitoring endpoints (10.7, seed {@code 001}) for the demo, behind HTTP Basic:
 * {@code /l/a/monitor}, accounts-stat with the two storagers' counters, collected-to-store-objects,
 * zabbix/tornado, zabbix/channels, connect-to-db, instance-id and account-state. One account,
 * {@value #ACCOUNT}, whose domain is the probed host. Every second the backend moves: objects are
 * collected and stored; now and then storager 1 fails for a while (its failed count climbs, its
 * queue grows), then recovers and drains.
 */
final class WebimServer implements AutoCloseable {
    static final String ACCOUNT = "demo";
    /** Storager 1 fails for {@link #FAIL_MS} in every {@link #CYCLE_MS}, starting {@link #FAIL_FROM_MS} in. */
    static final long CYCLE_MS = 75_000;
    static final long FAIL_FROM_MS = 15_000;
    static final long FAIL_MS = 20_000;
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");

    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final String host;
    private final long startMs = System.currentTimeMillis();
    private final String instanceId;
    private final HttpServer server;
    private final ScheduledExecutorService exec;
    private final Random rnd = new Random(7);
    private final Object lock = new Object();
    // guarded by lock
    private final long[][] storager = new long[2][4]; // failed, collected, being stored, being stored processed
    private int sessions = 13;
    private int operators = 2;
    private int chats = 1;
    private int inQueue = 2;
    private double avgTries;
    private long telegramErrors = 1;
    private long vkErrors;
    private boolean failing;

    private WebimServer(String user, String password) throws IOException {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.host = server.getAddress().getAddress().getHostAddress();
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        this.instanceId = HexFormat.of().formatHex(id);
        this.exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "pbxmon-demo-webim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(exec);
        server.createContext("/", this::handle);
    }

    static WebimServer start(String user, String password) throws IOException {
        WebimServer s = new WebimServer(user, password);
        s.tick();
        s.exec.scheduleAtFixedRate(s::tickQuietly, 1, 1, TimeUnit.SECONDS);
        s.server.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // keep the demo alive
        }
    }

    /** One second of the backend's life. */
    private void tick() {
        long phase = (System.currentTimeMillis() - startMs) % CYCLE_MS;
        synchronized (lock) {
            failing = phase >= FAIL_FROM_MS && phase < FAIL_FROM_MS + FAIL_MS;
            sessions = clamp(sessions + rnd.nextInt(5) - 2, 5, 40);
            operators = clamp(operators + rnd.nextInt(3) - 1, 1, 6);
            chats = clamp(chats + rnd.nextInt(3) - 1, 0, 12);
            inQueue = clamp(inQueue + rnd.nextInt(3) - 1, 0, 8);
            avgTries = Math.round(rnd.nextDouble() * 0.4 * 100) / 100.0;
            for (int s = 0; s < 2; s++) {
                long[] c = storager[s];
                boolean down = s == 1 && failing;
                c[1] += rnd.nextInt(6); // collected this second
                if (down) {
                    c[0] += 1 + rnd.nextInt(3); // failed to store
                    c[2] = 0;
                    c[3] = 0;
                } else {
                    long batch = Math.min(c[1], 2 + rnd.nextInt(6));
                    c[2] = batch;
                    c[3] = batch == 0 ? 0 : rnd.nextInt((int) batch + 1);
                    c[1] -= batch;
                    c[0] = Math.max(0, c[0] - (s == 1 ? 2 : 0)); // retried and stored after the recovery
                }
            }
            if (failing && rnd.nextInt(4) == 0) {
                telegramErrors++;
            }
            if (rnd.nextInt(20) == 0) {
                vkErrors++;
            }
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                    String.valueOf(ex.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"webim\"");
                send(ex, 401, "text/plain", "401 Unauthorized\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            synchronized (lock) {
                switch (path) {
                    case "/l/a/monitor" -> sendJson(ex, monitor());
                    case "/l/a/monitor/accounts-stat" -> sendJson(ex, accounts());
                    case "/l/a/monitor/zabbix/tornado" -> sendJson(ex, tornado());
                    case "/l/a/monitor/zabbix/channels" -> sendJson(ex, channels());
                    case "/l/a/monitor/collected-to-store-objects" -> sendJson(ex, storeErrors());
                    case "/l/a/monitor/connect-to-db" -> send(ex, 200, "application/json", "{'result': 'ok'}");
                    case "/l/i/instance-id" -> send(ex, 200, "text/plain", instanceId);
                    case "/l/i/account-state" -> sendJson(ex, json.createObjectNode().put("blocked", false));
                    default -> send(ex, 404, "application/json", "{\"error\": \"not found\"}");
                }
            }
        }
    }

    private ObjectNode monitor() {
        ObjectNode root = json.createObjectNode();
        ObjectNode info = root.putObject("mainInfo");
        info.put("env", ACCOUNT).put("port", port()).put("multinodeMode", "").put("nodeName", "")
                .put("startTs", startMs / 1000.0)
                .put("startTime", START.format(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(startMs),
                        ZoneId.systemDefault())))
                .put("version", "10.7.134").put("osName", "Ubuntu").put("osVersion", "20.04")
                .put("ubuntuVersion", "20.04").put("branch", "remotes/webim-server/release-10.7").put("revision", "xxx")
                .put("tag", "remotes/webim-server/release-10.7").put("avgNTries", avgTries).put("n", 2)
                .put("storingEnabled", true);
        root.put("host", host);
        return root;
    }

    private ArrayNode accounts() {
        ArrayNode rows = json.createArrayNode();
        for (String name : new String[] {"TOTAL", ACCOUNT}) {
            ObjectNode r = rows.addObject();
            r.put("name", name);
            if (!name.equals("TOTAL")) {
                r.put("domain", host);
            }
            r.put("sessions_cnt", sessions).put("visible_sessions_cnt", sessions).put("alive_sessions_cnt", sessions)
                    .put("pages_cnt", sessions - 1).put("alive_pages_cnt", 0).put("online_operators_cnt", operators)
                    .put("working_operators_cnt", operators).put("chats_cnt", chats).put("offline_chats_cnt", 1)
                    .put("in_queue_cnt", inQueue);
            for (int s = 0; s < 2; s++) {
                String suffix = s == 0 ? "" : "_1";
                r.put("failed_to_store_objects_cnt" + suffix, storager[s][0])
                        .put("collected_to_store_objects_cnt" + suffix, storager[s][1])
                        .put("being_stored_now_objects_cnt" + suffix, storager[s][2])
                        .put("being_stored_now_processed_objects_cnt" + suffix, storager[s][3]);
            }
            if (name.equals("TOTAL")) {
                r.put("not_belongs_to_tornado_instance", 0);
            } else {
                r.put("not_belongs_to_tornado_instance", false).put("ignore_not_belongs_to_tornado_instance", false);
            }
        }
        return rows;
    }

    private ObjectNode tornado() {
        return json.createObjectNode().put("sessions_cnt", sessions).put("working_operators_cnt", operators)
                .put("chats_cnt", chats).put("accounts_cnt", 1)
                .put("failed_to_store_objects_cnt", storager[0][0] + storager[1][0])
                .put("collected_to_store_objects_cnt", storager[0][1] + storager[1][1]);
    }

    private ObjectNode channels() {
        ObjectNode root = json.createObjectNode();
        ObjectNode ch = root.putObject("channels");
        ch.putObject("telegram").put("error_cnt", telegramErrors);
        ch.putObject("vk").put("error_cnt", vkErrors);
        return root;
    }

    /** Store errors by object class (collected-to-store-objects, mode=stats): storager 1's failures. */
    private ObjectNode storeErrors() {
        long failed = storager[1][0];
        ObjectNode root = json.createObjectNode();
        root.put("VisitSession", failed / 2);
        root.putObject("Chat").put("errors", failed - failed / 2);
        root.put("ChatMessage", 0);
        return root;
    }

    private void sendJson(HttpExchange ex, Object doc) throws IOException {
        send(ex, 200, "application/json", json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        exec.shutdownNow();
    }
}
