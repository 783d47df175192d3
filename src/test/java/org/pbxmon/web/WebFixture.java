package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pbxmon.config.ApiToken;
import org.pbxmon.config.HttpConfig;
import org.pbxmon.config.HttpLimits;
import org.pbxmon.config.Secret;
import org.pbxmon.config.TlsConfig;
import org.pbxmon.config.UserCredential;
import org.pbxmon.export.status.StatusTree;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.SnapshotStore;

/** A WebServer on an ephemeral loopback port with test routes, and small HTTP and Digest client helpers. */
final class WebFixture implements AutoCloseable {
    static final String USER = "alice";
    static final String PASS = "wonder-Land-7";
    static final String TOKEN = "tok-3f9a-bearer";
    static final String API_KEY = "key-77c1-api";
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final AgentInfo INFO = new AgentInfo("1.2.3", "abc123", System.currentTimeMillis() - 5000,
            "instance-42", "/etc/pbxmon.yml", "stderr");

    final SnapshotStore store = new SnapshotStore();
    final WebServer server;
    final int port;

    WebFixture(HttpConfig http, List<Route> extra, Reloader reloader) throws Exception {
        HttpHandler metrics = ex -> Responses.json(ex, 200, Responses.JSON.createObjectNode().put("metrics", true));
        server = new WebServer(http, store, new StatusTree(store, INFO), metrics, extra);
        server.withMonitor(INFO, store, reloader == null ? () -> new Reloader.Outcome(true, List.of()) : reloader);
        server.start();
        port = server.port();
    }

    static WebFixture start(HttpConfig http, List<Route> extra) throws Exception {
        return new WebFixture(http, extra, null);
    }

    static HttpConfig http(Map<String, List<String>> auth) {
        return http(auth, HttpLimits.DEFAULT, null);
    }

    static HttpConfig http(Map<String, List<String>> auth, HttpLimits limits, TlsConfig tls) {
        return new HttpConfig("127.0.0.1", 0, List.of(new UserCredential(USER, Secret.of(PASS))), auth,
                HttpConfig.DEFAULT_REALM, List.of(new ApiToken("prom", Secret.of(TOKEN))),
                List.of(new ApiToken("desk", Secret.of(API_KEY))), tls, limits);
    }

    /** A handler that answers 200 {"ok":"<group>"}. */
    static HttpHandler ok(String group) {
        return ex -> Responses.json(ex, 200, Responses.JSON.createObjectNode().put("ok", group));
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, null, headers);
    }

    HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
        }
    }

    static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters of the first Digest challenge with the given algorithm, or null. */
    static Map<String, String> challenge(HttpResponse<?> r, String algorithm) {
        for (String h : r.headers().allValues("WWW-Authenticate")) {
            if (h.startsWith("Digest ")) {
                Map<String, String> p = DigestAuthenticator.parse(h.substring(7));
                if (p != null && algorithm.equalsIgnoreCase(p.get("algorithm"))) {
                    return p;
                }
            }
        }
        return null;
    }

    /** An RFC 7616 Authorization header, computed independently of the server code. */
    static String digest(String algorithm, String user, String pass, String realm, String nonce, String opaque,
            String method, String uri, int nc, String cnonce) {
        String jca = algorithm.equalsIgnoreCase("MD5") ? "MD5" : "SHA-256";
        String ha1 = h(jca, user + ":" + realm + ":" + pass);
        String ha2 = h(jca, method + ":" + uri);
        String ncHex = String.format("%08x", nc);
        String response = h(jca, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=" + algorithm + ", qop=auth, nc=" + ncHex + ", cnonce=\"" + cnonce
                + "\", response=\"" + response + "\"" + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    static String h(String jca, String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance(jca)
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a command, returns stdout + stderr. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        server.close();
    }
}
