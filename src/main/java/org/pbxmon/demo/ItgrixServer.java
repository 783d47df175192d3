package org.pbxmon.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Itgrix CRM connector's status API for the demo: {@code GET /status} behind HTTP Digest (MD5,
 * {@code qop=auth}), with the document of the seed ({@code 000}) made live: a Professional license
 * valid till a few days from now, the connector's CEL watermark and queue from the demo's
 * {@link CelDatabase} (the connector reports Warning while it lags behind), timestamps in +05:00.
 */
final class ItgrixServer implements AutoCloseable {
    static final String REALM = "itgrix";
    static final ZoneOffset ZONE = ZoneOffset.ofHours(5);
    /** Days from the demo's start to the license's last valid day: inside warn_days (14). */
    static final int LICENSE_DAYS = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final long NONCE_TTL_MS = 300_000;

    private final ObjectMapper json = new ObjectMapper();
    private final CelDatabase cel;
    private final String user;
    private final String password;
    private final LocalDate validTill = LocalDate.now(ZONE).plusDays(LICENSE_DAYS);
    private final HttpServer server;
    private final ExecutorService exec;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private ItgrixServer(CelDatabase cel, String user, String password) throws IOException {
        this.cel = cel;
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.exec = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pbxmon-demo-itgrix");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(exec);
        server.createContext("/status", this::handle);
    }

    static ItgrixServer start(CelDatabase cel, String user, String password) throws IOException {
        ItgrixServer s = new ItgrixServer(cel, user, password);
        s.server.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"/status".equals(ex.getRequestURI().getPath())) {
                WebimServer.send(ex, 404, "application/json", "{\"error\":\"not found\"}");
                return;
            }
            if (!authorized(ex)) {
                String nonce = HexFormat.of().formatHex(randomBytes());
                nonces.put(nonce, System.currentTimeMillis());
                nonces.values().removeIf(t -> t < System.currentTimeMillis() - NONCE_TTL_MS);
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"" + REALM
                        + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonce + "\", opaque=\"" + REALM + "\"");
                WebimServer.send(ex, 401, "text/plain", "401 Unauthorized\n");
                return;
            }
            WebimServer.send(ex, 200, "application/json", json.writerWithDefaultPrettyPrinter().writeValueAsString(document()));
        }
    }

    /** RFC 7616 with MD5 and qop=auth, as the connector's own server does. */
    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Digest ", 0, 7)) {
            return false;
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(h.substring(7));
        while (m.find()) {
            p.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
        }
        Long issued = nonces.get(p.getOrDefault("nonce", ""));
        if (issued == null || issued < System.currentTimeMillis() - NONCE_TTL_MS || !user.equals(p.get("username"))
                || !"auth".equals(p.get("qop")) || p.get("uri") == null || p.get("response") == null) {
            return false;
        }
        String ha1 = md5(user + ":" + REALM + ":" + password);
        String ha2 = md5(ex.getRequestMethod() + ":" + p.get("uri"));
        String expected = md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                p.get("response").toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** The seed's /status document, with live values. */
    ObjectNode document() {
        String now = STAMP.format(OffsetDateTime.now(ZONE));
        long lastId = cel.lastId();
        long consumed = cel.consumerLastId();
        long pending = Math.max(0, lastId - consumed);
        boolean lagging = cel.behind() && pending > 0;
        ObjectNode root = json.createObjectNode();
        ObjectNode app = root.putObject("app");
        ObjectNode c2c = app.putObject("c2c");
        c2c.put("connected", true).put("on", true).put("portal", "demo.bitrix24.ru").put("stayon", false)
                .put("url", "https://apix.itgrix.ru:9004");
        app.putObject("calls_queue").put("calls", 0).put("lock", "locked in 384ns");
        app.putObject("calls_storage").put("calls", 0);
        ObjectNode crm = app.putObject("crm");
        crm.put("host", "https://demo.bitrix24.ru");
        ObjectNode manager = crm.putObject("manager");
        manager.put("batch_queue", lagging ? pending / 10 : 0);
        ObjectNode connector = manager.putObject("connector");
        connector.put("app_type", "LicenseType_Subscription");
        connector.putObject("authseq").put("err", "<nil>").put("sequences", 0);
        connector.put("on", true).put("portal", "demo.bitrix24.ru");
        manager.put("on", true);
        crm.put("on", true);
        crm.putObject("users_cache").put("last_updated", now).put("phones", 39).put("users", 120);
        app.put("crm_type", "bitrix");
        app.put("err", "<nil>");
        ObjectNode lic = app.putObject("license_manager");
        lic.putObject("currentLicense").put("offline", false).put("type", "Professional")
                .put("valid_till", validTill.toString());
        lic.put("on", true).put("soft_mode", "ready");
        app.put("lock", "locked in 279ns");
        ObjectNode general = app.putObject("master").putObject("general");
        general.put("app_err", lagging ? "crm: requests to demo.bitrix24.ru are slow, " + pending + " CEL events queued"
                : "<nil>");
        general.put("app_state", "");
        general.put("app_status", lagging ? "Warning" : "Ok");
        general.put("app_status_updated", now);
        app.put("originated", 0);
        ObjectNode pbx = app.putObject("pbx");
        pbx.putObject("ami").put("logged_in", true).put("on", true).put("pending_actions", 0);
        pbx.putObject("cel_queue").put("calls", cel.pendingCalls()).put("pending_events", pending);
        ObjectNode db = pbx.putObject("db");
        db.put("connected", true);
        db.putObject("dbConnector").put("on", true);
        pbx.putObject("fmc_cache").put("last_refresh", now).put("phones", 39);
        pbx.put("last_id", consumed);
        pbx.put("on", true);
        pbx.put("parked", 0);
        pbx.putObject("sql_parser").put("originated", 0).put("transfer_bridges", 0);
        pbx.put("trunks", 3);
        app.put("restarting", false);
        app.put("version", "Itgrix_bx v3.10.12");
        ObjectNode instance = root.putObject("instance");
        instance.put("config", "/etc/itgrix_bx/config.json").put("index", 0).put("log", "/var/log/itgrix_bx.log")
                .put("service", "itgrix_bx");
        return root;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        exec.shutdownNow();
    }
}
