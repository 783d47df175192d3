package org.pbxmon.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.SnapshotStore;

/**
 * The byte cache of /metrics: what it serves is, byte for byte, a fresh rendering of the snapshot part
 * (its trailer removed) followed by a fresh rendering of the process part, for every format; a new
 * snapshot or a new reading of the process part replaces it; gzip is one valid member of the same text.
 */
class EncodedScrapesTest {
    static final String TEXT = null; // no Accept header: Prometheus text 0.0.4
    static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";
    static final String PROTOBUF = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    /** What Prometheus 3.x sends by default (scrape_protocols OpenMetrics 1.0.0, 0.0.1, text 1.0.0, 0.0.4). */
    static final String PROMETHEUS_3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    /** What Prometheus 2.x sends by default. */
    static final String PROMETHEUS_2 = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    static final List<String> ACCEPTS = Arrays.asList(TEXT, OPENMETRICS, PROTOBUF, PROMETHEUS_3, PROMETHEUS_2);

    private final SnapshotStore store = new SnapshotStore();
    private final AgentInfo info = new AgentInfo("1.0", "abc", TestSnapshots.NOW, "id", "<test>", "stderr");
    private final SnapshotCollector collector = new SnapshotCollector(store, info);
    private final PrometheusRegistry process = new PrometheusRegistry();
    private final Gauge heap = Gauge.builder().name("jvm_test_heap_bytes").help("A stand-in for the JVM part.")
            .register(process);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger processReads = new AtomicInteger();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final EncodedScrapes scrapes = new EncodedScrapes(collector::collect, () -> {
        processReads.incrementAndGet();
        return process.scrape();
    }, formats, clock::get, EncodedScrapes.PROCESS_TTL_NANOS);

    EncodedScrapesTest() {
        store.publish(TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP)
                .extension("102", EndpointState.DOWN).registration("carrier", "Registered").queue("support", 2).build());
        store.publish(TestSnapshots.pbx("branch").down("connection refused").build());
        heap.set(12345);
    }

    @Test
    void cachedBytesAreAFreshRenderingForEveryFormat() throws IOException {
        for (String accept : ACCEPTS) {
            EncodedScrapes.Response r = scrapes.get(accept, false);
            assertArrayEquals(fresh(accept), r.body(), "format for Accept " + accept);
            assertEquals(formats.findWriter(accept).getContentType(), r.contentType());
            assertSame(r.body(), scrapes.get(accept, false).body(), "served again from the cache: " + accept);
        }
        String om = new String(scrapes.get(OPENMETRICS, false).body(), StandardCharsets.UTF_8);
        assertTrue(om.endsWith("jvm_test_heap_bytes 12345.0\n# EOF\n"), om);
        assertEquals(om.indexOf("# EOF"), om.lastIndexOf("# EOF"), "one # EOF, at the end");
        assertTrue(om.contains("asterisk_up{pbx=\"main\"} 1.0\n"), om);
        String text = new String(scrapes.get(TEXT, false).body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("# TYPE jvm_test_heap_bytes gauge\n") && text.contains("asterisk_up{pbx=\"branch\"} 0.0\n"), text);
        assertFalse(text.contains("# EOF"));
    }

    @Test
    void aNewSnapshotReplacesTheCachedBytes() throws IOException {
        for (String accept : ACCEPTS) {
            scrapes.get(accept, true);
        }
        byte[] before = scrapes.get(OPENMETRICS, false).body();
        byte[] gzBefore = scrapes.get(OPENMETRICS, true).body();
        store.publish(TestSnapshots.pbx("main").extension("103", EndpointState.UP).build());
        for (String accept : ACCEPTS) {
            assertArrayEquals(fresh(accept), scrapes.get(accept, false).body(), "after a publication: " + accept);
            assertArrayEquals(fresh(accept), gunzip(scrapes.get(accept, true).body()), "gzip after a publication: " + accept);
        }
        byte[] after = scrapes.get(OPENMETRICS, false).body();
        assertNotSame(before, after);
        assertFalse(Arrays.equals(gzBefore, scrapes.get(OPENMETRICS, true).body()));
        assertTrue(new String(after, StandardCharsets.UTF_8).contains("endpoint=\"103\""));
        assertFalse(new String(before, StandardCharsets.UTF_8).contains("endpoint=\"103\""));
    }

    @Test
    void gzipIsOneMemberOfTheSameBytes() throws IOException {
        for (String accept : ACCEPTS) {
            EncodedScrapes.Response r = scrapes.get(accept, true);
            assertTrue(r.gzip());
            byte[] plain = scrapes.get(accept, false).body();
            assertArrayEquals(plain, gunzip(r.body()), "gzip round trip: " + accept);
            assertOneMember(r.body(), plain.length);
            assertSame(r.body(), scrapes.get(accept, true).body(), "gzip cached: " + accept);
        }
        // a new reading of the process part: the cached snapshot part is deflated with a new tail
        heap.set(777);
        clock.addAndGet(EncodedScrapes.PROCESS_TTL_NANOS);
        for (String accept : ACCEPTS) {
            byte[] gz = scrapes.get(accept, true).body();
            assertArrayEquals(fresh(accept), gunzip(gz), "gzip after a process reading: " + accept);
            assertOneMember(gz, fresh(accept).length);
        }
        assertTrue(new String(gunzip(scrapes.get(TEXT, true).body()), StandardCharsets.UTF_8)
                .contains("jvm_test_heap_bytes 777.0\n"));
    }

    @Test
    void theProcessPartIsReadAtMostOncePerSecond() throws IOException {
        for (int i = 0; i < 5; i++) {
            for (String accept : ACCEPTS) {
                scrapes.get(accept, i % 2 == 0);
            }
        }
        assertEquals(1, processReads.get());
        heap.set(42);
        clock.addAndGet(EncodedScrapes.PROCESS_TTL_NANOS - 1);
        assertTrue(new String(scrapes.get(TEXT, false).body(), StandardCharsets.UTF_8).contains("jvm_test_heap_bytes 12345.0"));
        clock.addAndGet(1);
        assertTrue(new String(scrapes.get(TEXT, false).body(), StandardCharsets.UTF_8).contains("jvm_test_heap_bytes 42.0"));
        assertEquals(2, processReads.get());
        assertArrayEquals(fresh(PROTOBUF), scrapes.get(PROTOBUF, false).body());
    }

    @Test
    void deflatedPiecesJoinForAnySize() throws IOException {
        // pieces that are empty, tiny, and larger than the deflater's output buffer (random, incompressible)
        java.util.Random random = new java.util.Random(16);
        byte[][] samples = {new byte[0], "x\n".getBytes(StandardCharsets.UTF_8), new byte[200_000], new byte[70_000]};
        random.nextBytes(samples[3]);
        for (byte[] a : samples) {
            for (byte[] b : samples) {
                byte[] gz = EncodedScrapes.gzip(a, b, EncodedScrapes.Deflated.of(a, false), EncodedScrapes.Deflated.of(b, true));
                byte[] both = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                assertArrayEquals(both, gunzip(gz));
                assertOneMember(gz, both.length);
            }
        }
    }

    /** A fresh rendering: a new collector over the same store, the current process part, client_java's writer. */
    private byte[] fresh(String accept) throws IOException {
        ExpositionFormatWriter w = formats.findWriter(accept);
        EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
        byte[] main = write(w, new SnapshotCollector(store, info).collect(), escaping);
        byte[] trailer = write(w, MetricSnapshots.builder().build(), escaping);
        byte[] tail = write(w, process.scrape(), escaping);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(main, 0, main.length - trailer.length);
        out.write(tail);
        return out.toByteArray();
    }

    private static byte[] write(ExpositionFormatWriter w, MetricSnapshots s, EscapingScheme escaping) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out, s, escaping);
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** One gzip member: the deflate stream ends exactly before the 8-byte trailer, whose ISIZE is the text's. */
    static void assertOneMember(byte[] gz, int plainLength) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(gz, 10, gz.length - 10);
            byte[] buf = new byte[64 * 1024];
            for (int i = 0; i < 1_000_000 && !inf.finished(); i++) {
                inf.inflate(buf);
            }
            assertTrue(inf.finished());
            assertEquals(8, inf.getRemaining(), "only the trailer after the deflate stream");
            assertEquals(plainLength, inf.getBytesWritten());
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inf.end();
        }
        int isize = (gz[gz.length - 4] & 0xff) | (gz[gz.length - 3] & 0xff) << 8 | (gz[gz.length - 2] & 0xff) << 16
                | (gz[gz.length - 1] & 0xff) << 24;
        assertEquals(plainLength, isize);
    }
}
