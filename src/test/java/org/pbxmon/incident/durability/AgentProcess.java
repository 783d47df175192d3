package org.pbxmon.incident.durability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.pbxmon.testing.Http;

/**
 * The agent as a real child JVM ({@code java -cp <test class path> org.pbxmon.Main --config F}), on a
 * fixed free loopback port, its output appended to one log file per agent across restarts. {@link #kill()}
 * is {@code Process.destroyForcibly()}, which is SIGKILL on Linux (checked: the exit status is 128 + 9):
 * no shutdown hook, no orderly close of the store or of deliveries in flight.
 */
final class AgentProcess implements AutoCloseable {
    static final String TOKEN = "am-token";
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    private final String name;
    private final Path dir;
    private final IntFunction<String> yaml;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;
    private volatile HttpClient client;
    private volatile int port;
    private int starts;

    /**
     * @param yaml the config for a given HTTP port (a free one is found for each start)
     * @param env  extra environment of the child (e.g. a database password the config names)
     */
    AgentProcess(String name, Path dir, IntFunction<String> yaml, Map<String, String> env) {
        this.name = name;
        this.dir = dir;
        this.yaml = yaml;
        this.env = env;
        this.log = dir.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the agent and waits until {@code /-/healthy} answers; a port taken meanwhile is retried. */
    void start() throws IOException, InterruptedException {
        if (alive()) {
            throw new IllegalStateException(name + " is running");
        }
        for (int attempt = 1;; attempt++) {
            port = freePort();
            Path cfg = dir.resolve(name + ".yml");
            Files.writeString(cfg, yaml.apply(port));
            starts++;
            Files.writeString(log, "==== start #" + starts + " of " + name + " on port " + port
                    + " at " + Instant.now() + " ====\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "org.pbxmon.Main", "--config", cfg.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(); // no stale connections
            long deadline = System.nanoTime() + START_DEADLINE.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    String all = Files.readString(log);
                    String out = all.substring(all.lastIndexOf("==== start"));
                    if (attempt < 3 && out.contains("cannot listen on")) {
                        break; // someone took the port between our probe and the agent's bind
                    }
                    throw new AssertionError(name + " exited with " + process.exitValue()
                            + " before it was healthy; " + tail());
                }
                if (healthy()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    throw new AssertionError(name + " not healthy within " + START_DEADLINE + "; " + tail());
                }
                Thread.sleep(50);
            }
        }
    }

    private boolean healthy() {
        try {
            return Http.get(port, "/-/healthy").statusCode() == 200;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** SIGKILL; fails when the agent had died by itself or did not die of that signal. */
    void kill() throws InterruptedException {
        Process p = process;
        if (!p.isAlive()) {
            throw new AssertionError(name + " had died by itself (exit " + p.exitValue() + ") before the kill; "
                    + tail());
        }
        ProcessHandle h = p.toHandle();
        if (!h.supportsNormalTermination()) {
            throw new AssertionError("this platform has no SIGTERM/SIGKILL distinction; the test needs Linux");
        }
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still alive 30 s after SIGKILL");
        }
        if (p.exitValue() != SIGKILL_EXIT || h.isAlive()) {
            throw new AssertionError(name + " did not end by SIGKILL: exit " + p.exitValue() + "; " + tail());
        }
    }

    /**
     * POSTs one Alertmanager notification with the Bearer token.
     *
     * @return the HTTP status, or -1 when no answer came (refused, reset: the agent is dead or dying)
     */
    int notify(String json) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alertmanager/webhook"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One series of the agent's /metrics, null when absent. */
    Double metric(String series) {
        return Http.metrics(port).get(series);
    }

    /** The log's path and its last 6,000 characters, for failure messages. */
    String tail() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 6_000);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            return "log " + log + " (end):\n" + new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "log " + log + " unreadable: " + e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
