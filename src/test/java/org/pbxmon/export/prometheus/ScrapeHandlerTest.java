package org.pbxmon.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.SnapshotStore;

/**
 * {@link PrometheusExporter#handler()} over loopback HTTP: headers of the cached answers, gzip, HEAD,
 * {@code name[]}, the JVM and process families, and promtool's verdict on the whole output.
 */
class ScrapeHandlerTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private final SnapshotStore store = new SnapshotStore();
    private final AgentInfo info = new AgentInfo("1.0", "abc", TestSnapshots.NOW, "id", "<test>", "stderr");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpServer http;

    @BeforeEach
    void start() throws IOException {
        store.publish(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP)
                .registration("carrier", "Registered").queue("support", 1).build());
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/metrics", new PrometheusExporter(store, info).handler());
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void plainTextWithLengthAndTheJvmFamilies() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", header(r, "Content-Type"));
        assertEquals("", header(r, "Content-Encoding"));
        assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        for (String family : List.of("asterisk_up", "pbxmon_build_info", "jvm_memory_used_bytes", "jvm_threads_current",
                "jvm_gc_collection_seconds", "jvm_runtime_info", "process_cpu_seconds_total", "process_start_time_seconds",
                "process_resident_memory_bytes", "process_open_fds")) {
            assertTrue(text.contains("\n# TYPE " + family + " ") || text.startsWith("# TYPE " + family + " ")
                    || text.contains("\n" + family + "{") || text.contains("\n" + family + " "), family + " in\n" + text);
        }
    }

    @Test
    void gzipWithPrometheusHeadersIsOpenMetricsWithOneEof() throws Exception {
        for (String accept : List.of(EncodedScrapesTest.PROMETHEUS_3, EncodedScrapesTest.PROMETHEUS_2)) {
            HttpResponse<byte[]> r = send("GET", "/metrics", "Accept", accept, "Accept-Encoding", "gzip");
            assertEquals(200, r.statusCode());
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", header(r, "Content-Type"));
            assertEquals("gzip", header(r, "Content-Encoding"));
            assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
            String om = new String(EncodedScrapesTest.gunzip(r.body()), StandardCharsets.UTF_8);
            assertTrue(om.endsWith("# EOF\n"), om);
            assertEquals(om.indexOf("# EOF"), om.lastIndexOf("# EOF"));
            assertTrue(om.contains("# TYPE asterisk_ami_events counter\n") && om.contains("# TYPE jvm_memory_used_bytes gauge\n")
                    && om.contains("process_cpu_seconds_total "), om);
        }
        HttpResponse<byte[]> proto = send("GET", "/metrics", "Accept", EncodedScrapesTest.PROTOBUF, "Accept-Encoding", "gzip");
        assertTrue(header(proto, "Content-Type").startsWith("application/vnd.google.protobuf"), header(proto, "Content-Type"));
        byte[] delimited = EncodedScrapesTest.gunzip(proto.body());
        String names = new String(delimited, StandardCharsets.ISO_8859_1);
        assertTrue(names.contains("asterisk_up") && names.contains("jvm_memory_used_bytes"));
        assertFrames(delimited);
    }

    @Test
    void headAnswersTheLengthOfGetWithoutABody() throws Exception {
        for (String[] headers : List.of(new String[] {"Accept", "text/plain"},
                new String[] {"Accept", EncodedScrapesTest.PROMETHEUS_3, "Accept-Encoding", "gzip"})) {
            HttpResponse<byte[]> get = send("GET", "/metrics", headers);
            HttpResponse<byte[]> head = send("HEAD", "/metrics", headers);
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(header(get, "Content-Type"), header(head, "Content-Type"));
            assertEquals(header(get, "Content-Encoding"), header(head, "Content-Encoding"));
            // the JVM part may have been read again in between: same order of size
            long getLength = Long.parseLong(header(get, "Content-Length"));
            long headLength = Long.parseLong(header(head, "Content-Length"));
            assertTrue(Math.abs(getLength - headLength) < 512, getLength + " vs " + headLength);
        }
    }

    @Test
    void nameFilterStillSelectsFamilies() throws Exception {
        String one = new String(send("GET", "/metrics?name[]=asterisk_up").body(), StandardCharsets.UTF_8);
        assertTrue(one.contains("asterisk_up{pbx=\"main\"} 1"), one);
        assertFalse(one.contains("jvm_") || one.contains("pbxmon_build_info") || one.contains("asterisk_trunk"), one);
        String two = new String(send("GET", "/metrics?name[]=jvm_threads_current&name[]=asterisk_queue_callers").body(),
                StandardCharsets.UTF_8);
        assertTrue(two.contains("jvm_threads_current ") && two.contains("asterisk_queue_callers{"), two);
        assertFalse(two.contains("asterisk_up") || two.contains("process_"), two);
        HttpResponse<byte[]> gz = send("GET", "/metrics?name[]=asterisk_up", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(gz, "Content-Encoding"));
        assertEquals(one, new String(EncodedScrapesTest.gunzip(gz.body()), StandardCharsets.UTF_8));
        String debug = new String(send("GET", "/metrics?debug=openmetrics").body(), StandardCharsets.UTF_8);
        assertTrue(debug.endsWith("# EOF\n") && debug.contains("jvm_memory_used_bytes"), debug);
    }

    @Test
    void aNewSnapshotIsServed() throws Exception {
        String before = new String(send("GET", "/metrics").body(), StandardCharsets.UTF_8);
        store.publish(TestSnapshots.pbx("main").extension("555", EndpointState.DOWN).build());
        String after = new String(send("GET", "/metrics").body(), StandardCharsets.UTF_8);
        assertFalse(before.contains("endpoint=\"555\""));
        assertTrue(after.contains("asterisk_endpoint_up{endpoint=\"555\",kind=\"extension\",pbx=\"main\",technology=\"PJSIP\"} 0"),
                after);
    }

    @Test
    void promtoolAcceptsTheWholeOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
        byte[] text = send("GET", "/metrics").body();
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), out);
    }

    /** The protobuf body is a sequence of varint-length-delimited messages that ends exactly at the end. */
    private static void assertFrames(byte[] b) {
        int p = 0;
        int frames = 0;
        while (p < b.length && frames < 100_000) {
            int len = 0;
            int shift = 0;
            int x;
            do {
                x = b[p++] & 0xff;
                len |= (x & 0x7f) << shift;
                shift += 7;
            } while ((x & 0x80) != 0);
            p += len;
            frames++;
        }
        assertEquals(b.length, p);
        assertTrue(frames > 20, "frames: " + frames);
    }
}
