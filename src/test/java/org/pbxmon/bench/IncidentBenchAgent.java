package org.pbxmon.bench;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent of {@link IncidentBench} as a child JVM ({@code org.pbxmon.Main --config FILE}, the bench's own
 * class path), so that its heap and CPU are its own: no PBX, incidents on, the store in {@code dir} (H2,
 * the default) or in a MariaDB, and at most one callback. Its output goes to {@code dir/agent.log}.
 */
final class IncidentBenchAgent implements AutoCloseable {
    static final String TOKEN = "am-token";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
    /** The README's flags for the agent, unless AGENT_JAVA_OPTS says otherwise. */
    static final String README_FLAGS = "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=32m -Xss512k";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private IncidentBenchAgent(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The JVM flags the agent runs with. */
    static String javaOpts() {
        String env = System.getenv("AGENT_JAVA_OPTS");
        return env == null || env.isBlank() ? README_FLAGS : env.trim();
    }

    /**
     * Starts an agent and waits until it answers /metrics.
     *
     * @param store        the YAML flow map of {@code incidents.store}
     * @param callbackPort the loopback receiver's port, or 0 for no callback
     */
    static IncidentBenchAgent start(Path dir, String store, int callbackPort) throws Exception {
        int port = freePort();
        String callbacks = callbackPort == 0 ? "" : """
                  callbacks:
                    - {name: hook, url: "http://127.0.0.1:%d/hook", raw_json: on, secret: whsec_c2VjcmV0, timeout: 2s}
                """.formatted(callbackPort);
        Path cfg = dir.resolve("pbxmon.yml");
        Files.writeString(cfg, """
                http:
                  listen: 127.0.0.1:%d
                  users: [{username: admin, password: pw}]
                  tokens: [{name: am, token: %s}]
                  api_keys: [{name: t, key: k}]
                pbx: []
                incidents:
                  agent_id: bench
                  store: %s
                %s""".formatted(port, TOKEN, store, callbacks));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(javaOpts().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.pbxmon.Main", "--config", cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        IncidentBenchAgent a = new IncidentBenchAgent(pb.start(), port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!a.process.isAlive()) {
                throw new IllegalStateException("the agent exited: " + a.logTail());
            }
            try {
                if (a.get("/metrics").statusCode() == 200) {
                    return a;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                a.close();
                throw new IllegalStateException("the agent did not answer /metrics within 60 s: " + a.logTail());
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + port + "/alertmanager/webhook";
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", BASIC).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A metric's value from /metrics (the first series whose line starts with {@code series}), or NaN. */
    double metric(String series) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }

    /** Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in MB. */
    double heapAfterGcMb() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long kb = 0;
        for (String line : info.split("\n")) {
            if (line.contains("generation") || line.contains("garbage-first heap")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    kb += Long.parseLong(m.group(1));
                }
            }
        }
        return kb / 1024.0;
    }

    /** The agent's resident set, MB. */
    double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Thread dumps for a profile by hand: {@code n} jstack samples into {@code dir/jstack-<i>.txt}. */
    void jstack(int n, long everyMs) throws IOException, InterruptedException {
        for (int i = 1; i <= n; i++) {
            Files.writeString(dir.resolve("jstack-" + i + ".txt"), jcmd("Thread.print"));
            Thread.sleep(everyMs);
        }
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** "N ERROR, M WARN" lines of the agent's log. */
    String logSummary() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("agent.log"));
        long err = lines.stream().filter(l -> l.contains(" ERROR ")).count();
        long warn = lines.stream().filter(l -> l.contains(" WARN ")).count();
        return err + " ERROR, " + warn + " WARN lines in the agent's log";
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("agent.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
