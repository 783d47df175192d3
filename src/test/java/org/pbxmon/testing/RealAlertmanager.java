package org.pbxmon.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real Alertmanager ({@code /usr/bin/prometheus-alertmanager}, 0.25 on bookworm) as a child
 * process on 127.0.0.1: a free web port, clustering off, storage in a temp dir, and one receiver, a
 * {@code webhook_configs} entry to the URL given, with Basic or Bearer credentials,
 * {@code send_resolved: true}, group_wait and group_interval 1 s, repeat_interval 1 h. Alerts go in
 * through its API v2. {@link #start} skips the calling test (JUnit assumption) only when the binary is
 * absent; any other failure to start fails it, with Alertmanager's log.
 */
public final class RealAlertmanager implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Where Alertmanager sends its notifications, and how it authenticates: Basic when
     * {@code username} is set, Bearer when {@code bearerToken} is set, neither when both are null.
     */
    public record Webhook(URI url, String username, String password, String bearerToken) {
        public Webhook {
            Objects.requireNonNull(url, "url");
        }

        public static Webhook basic(URI url, String username, String password) {
            return new Webhook(url, username, password, null);
        }

        public static Webhook bearer(URI url, String token) {
            return new Webhook(url, null, null, token);
        }
    }

    private final Path dir;
    private final Process process;
    private final URI url;
    /** Kills the child if the test JVM exits without {@link #close()}. */
    private final Thread reaper;

    private RealAlertmanager(Path dir, Process process, URI url) {
        this.dir = dir;
        this.process = process;
        this.url = url;
        this.reaper = new Thread(process::destroyForcibly, "alertmanager-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts Alertmanager grouping by {@code alertname} and waits until {@code /-/ready} answers 200. */
    public static RealAlertmanager start(Webhook webhook) throws Exception {
        return start(webhook, List.of("alertname"));
    }

    /**
     * Starts Alertmanager with the route's {@code group_by} (e.g. {@code ["..."]}: every alert a group of
     * its own) and waits until {@code /-/ready} answers 200 (60 s at most).
     */
    public static RealAlertmanager start(Webhook webhook, List<String> groupBy) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (apt-get install prometheus-alertmanager)");
        Path dir = Files.createTempDirectory("pbxmon-alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, config(webhook, groupBy)); // JSON is YAML
        Files.createDirectories(dir.resolve("data"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken between probe and bind
            int port = freePort();
            Path log = dir.resolve("alertmanager-" + attempt + ".log");
            Process p = new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=",
                    "--log.level=debug")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            URI url = URI.create("http://127.0.0.1:" + port);
            RealAlertmanager am = new RealAlertmanager(dir, p, url);
            try {
                am.awaitReady();
                return am;
            } catch (IOException e) {
                last = e;
                am.stopProcess();
                if (!Files.readString(log).contains("address already in use")) {
                    am.deleteDir();
                    throw e;
                }
            }
        }
        deleteTree(dir);
        throw last;
    }

    static String config(Webhook webhook, List<String> groupBy) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode route = root.putObject("route");
        route.put("receiver", "pbxmon");
        ArrayNode by = route.putArray("group_by");
        groupBy.forEach(by::add);
        route.put("group_wait", "1s");
        route.put("group_interval", "1s");
        route.put("repeat_interval", "1h");
        ObjectNode receiver = root.putArray("receivers").addObject();
        receiver.put("name", "pbxmon");
        ObjectNode hook = receiver.putArray("webhook_configs").addObject();
        hook.put("url", webhook.url().toString());
        hook.put("send_resolved", true);
        ObjectNode http = hook.putObject("http_config");
        if (webhook.username() != null) {
            http.putObject("basic_auth").put("username", webhook.username()).put("password", webhook.password());
        } else if (webhook.bearerToken() != null) {
            http.putObject("authorization").put("type", "Bearer").put("credentials", webhook.bearerToken());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Alertmanager exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("Alertmanager not ready within " + READY_TIMEOUT + ":\n" + log());
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    /**
     * Posts one alert through {@code POST /api/v2/alerts}.
     *
     * @param startsAt null: Alertmanager's now
     * @param endsAt   null: none (firing until resolved or {@code resolve_timeout}); in the past: resolved
     */
    public void addAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt)
            throws IOException, InterruptedException {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode l = alert.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = alert.putObject("annotations");
        annotations.forEach(a::put);
        if (startsAt != null) {
            alert.put("startsAt", startsAt.toString());
        }
        if (endsAt != null) {
            alert.put("endsAt", endsAt.toString());
        }
        alert.put("generatorURL", "http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0");
        ArrayNode body = JSON.createArrayNode().add(alert);
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("POST /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * Resolves the alert with these labels: posts it again with {@code endsAt} just now, after
     * {@code startsAt} (which must be in the past and equal to the one it fired with, if any).
     */
    public void resolve(Map<String, String> labels, Map<String, String> annotations, Instant startsAt)
            throws IOException, InterruptedException {
        Instant end = Instant.now().minusMillis(1);
        addAlert(labels, annotations, startsAt, startsAt != null && end.isBefore(startsAt) ? startsAt : end);
    }

    /** What Alertmanager has logged so far (debug level), for failure messages. */
    public String log() {
        try (Stream<Path> files = Files.list(dir)) {
            Path newest = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
            return newest == null ? "" : Files.readString(newest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stopProcess() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void deleteDir() {
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops Alertmanager (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        try {
            stopProcess();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteDir();
    }
}
