package org.pbxmon.export.prometheus;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The bytes of {@code /metrics}, encoded once: a response is the snapshot part (everything pbxmon
 * renders from the published snapshots) followed by the process part (the {@code jvm_*} and
 * {@code process_*} families, which change on every read).
 *
 * <ul>
 * <li>The snapshot part is encoded once per {@link MetricSnapshots} object that {@link SnapshotCollector}
 *     returns (it returns the same object until a snapshot is republished) and per format asked for
 *     (writer and escaping scheme), and deflated once when gzip is asked for.</li>
 * <li>The process part is read at most once per {@code processTtlNanos} (1 s) and encoded and
 *     deflated per format like the snapshot part.</li>
 * <li>The two are joined per format: the snapshot part loses the trailer the writer puts after the last
 *     family (OpenMetrics' {@code # EOF}; nothing for the Prometheus text and protobuf formats, whose
 *     families are simply concatenated), so there is exactly one trailer, at the end. For gzip, the
 *     snapshot part is deflated with a sync flush (it ends on a byte boundary and is not final) and the
 *     process part is deflated as a fresh, final stream that refers to nothing before it, so the two
 *     form one deflate stream in one gzip member, with the CRC and length of the whole text.</li>
 * <li>The joined body is kept until either part changes, so between two changes a scrape writes one
 *     byte array, as a server that holds the answer would.</li>
 * </ul>
 */
final class EncodedScrapes {
    /** How long a reading of the process part is served: per second, not per scrape. */
    static final long PROCESS_TTL_NANOS = 1_000_000_000L;
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
    private static final MetricSnapshots EMPTY = MetricSnapshots.builder().build();

    /** One answer: the content type and the body, gzip-compressed or not. */
    record Response(String contentType, boolean gzip, byte[] body) {
    }

    private record Key(ExpositionFormatWriter writer, EscapingScheme escaping) {
    }

    private record Reading(MetricSnapshots snapshots, long atNanos) {
    }

    private final Supplier<MetricSnapshots> snapshotPart;
    private final Supplier<MetricSnapshots> processPart;
    private final ExpositionFormats formats;
    private final LongSupplier nanoClock;
    private final long processTtlNanos;
    private final Map<Key, Format> byFormat = new ConcurrentHashMap<>();
    private final Object processLock = new Object();
    private volatile Reading process;

    /**
     * @param snapshotPart returns the same object for as long as its content is the same (its identity
     *                     is the cache key)
     * @param processPart  read at most once per {@code processTtlNanos}
     */
    EncodedScrapes(Supplier<MetricSnapshots> snapshotPart, Supplier<MetricSnapshots> processPart,
            ExpositionFormats formats, LongSupplier nanoClock, long processTtlNanos) {
        this.snapshotPart = snapshotPart;
        this.processPart = processPart;
        this.formats = formats;
        this.nanoClock = nanoClock;
        this.processTtlNanos = processTtlNanos;
    }

    /** The answer for a request's {@code Accept} header (null: none), gzip-compressed if {@code gzip}. */
    Response get(String accept, boolean gzip) {
        EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        Format f = byFormat.computeIfAbsent(new Key(writer, escaping), k -> new Format(k.writer(), k.escaping()));
        MetricSnapshots main = snapshotPart.get();
        MetricSnapshots tail = process();
        return new Response(writer.getContentType(), gzip, f.body(main, tail, gzip));
    }

    /** The process part, read again once it is older than the TTL. */
    private MetricSnapshots process() {
        Reading r = process;
        long now = nanoClock.getAsLong();
        if (r != null && now - r.atNanos() < processTtlNanos) {
            return r.snapshots();
        }
        synchronized (processLock) {
            r = process;
            now = nanoClock.getAsLong();
            if (r == null || now - r.atNanos() >= processTtlNanos) {
                r = new Reading(processPart.get(), now);
                process = r;
            }
            return r.snapshots();
        }
    }

    /** The encodings of one format; at most one thread encodes at a time, the others wait for its bytes. */
    private static final class Format {
        private final ExpositionFormatWriter writer;
        private final EscapingScheme escaping;
        /** What the writer puts after the last family (OpenMetrics: {@code # EOF}). */
        private final byte[] trailer;
        private MetricSnapshots mainFrom;
        private byte[] main;
        private Deflated mainGzip;
        private MetricSnapshots tailFrom;
        private byte[] tail;
        private Deflated tailGzip;
        private byte[] plainBody;
        private byte[] gzipBody;

        Format(ExpositionFormatWriter writer, EscapingScheme escaping) {
            this.writer = writer;
            this.escaping = escaping;
            this.trailer = encode(EMPTY);
        }

        synchronized byte[] body(MetricSnapshots mainNow, MetricSnapshots tailNow, boolean gzip) {
            if (mainNow != mainFrom) {
                byte[] all = encode(mainNow);
                main = endsWith(all, trailer) ? Arrays.copyOf(all, all.length - trailer.length) : all;
                mainFrom = mainNow;
                mainGzip = null;
                plainBody = null;
                gzipBody = null;
            }
            if (tailNow != tailFrom) {
                tail = encode(tailNow);
                tailFrom = tailNow;
                tailGzip = null;
                plainBody = null;
                gzipBody = null;
            }
            if (!gzip) {
                if (plainBody == null) {
                    plainBody = concat(main, tail);
                }
                return plainBody;
            }
            if (gzipBody == null) {
                if (mainGzip == null) {
                    mainGzip = Deflated.of(main, false);
                }
                if (tailGzip == null) {
                    tailGzip = Deflated.of(tail, true);
                }
                gzipBody = gzip(main, tail, mainGzip, tailGzip);
            }
            return gzipBody;
        }

        private byte[] encode(MetricSnapshots snapshots) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(snapshots.size() == 0 ? 32 : 64 * 1024);
            try {
                writer.write(out, snapshots, escaping);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            return out.toByteArray();
        }
    }

    /** A raw deflate stream: either sync-flushed (more may follow) or final. */
    record Deflated(byte[] data) {
        static Deflated of(byte[] input, boolean last) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                d.setInput(input);
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 8));
                byte[] buf = new byte[16 * 1024];
                if (last) {
                    d.finish();
                    while (!d.finished()) {
                        out.write(buf, 0, d.deflate(buf));
                    }
                } else {
                    int n;
                    do {
                        n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                        out.write(buf, 0, n);
                    } while (n == buf.length);
                }
                return new Deflated(out.toByteArray());
            } finally {
                d.end();
            }
        }
    }

    /** One gzip member (RFC 1952) around two deflate pieces whose plain texts are {@code a} then {@code b}. */
    static byte[] gzip(byte[] a, byte[] b, Deflated da, Deflated db) {
        CRC32 crc = new CRC32();
        crc.update(a);
        crc.update(b);
        long size = (long) a.length + b.length;
        byte[] out = new byte[GZIP_HEADER.length + da.data().length + db.data().length + 8];
        int p = 0;
        System.arraycopy(GZIP_HEADER, 0, out, p, GZIP_HEADER.length);
        p += GZIP_HEADER.length;
        System.arraycopy(da.data(), 0, out, p, da.data().length);
        p += da.data().length;
        System.arraycopy(db.data(), 0, out, p, db.data().length);
        p += db.data().length;
        p = littleEndian(out, p, crc.getValue());
        littleEndian(out, p, size & 0xffff_ffffL);
        return out;
    }

    private static int littleEndian(byte[] out, int p, long v) {
        for (int i = 0; i < 4; i++) {
            out[p++] = (byte) (v >>> (8 * i));
        }
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean endsWith(byte[] all, byte[] suffix) {
        return suffix.length <= all.length
                && Arrays.equals(all, all.length - suffix.length, all.length, suffix, 0, suffix.length);
    }
}
