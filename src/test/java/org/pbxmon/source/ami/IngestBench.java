package org.pbxmon.source.ami;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.source.ami.wire.Malformed;
import org.pbxmon.testing.LabAgent;

/**
 * Ingest benchmark (not a test) on the real scale stream ({@code ami-scale/scale-load-events.txt.gz}:
 * 22,383 events, 8.4 MB, 600 calls). Three figures, each the median of {@code runs}:
 * <ol>
 *   <li>{@code pipeline}: frame reader + reducer + state in one thread over the bytes in memory (one core);</li>
 *   <li>{@code session}: pbxmon's AmiSource logged in to the simulator, which writes the stream to the
 *       socket as fast as it is read; timed until every event is counted and every call of the stream has
 *       ended in the state;</li>
 *   <li>{@code asterisk-java}: asterisk-java 3.42.2's ManagerConnection on the same simulator and bytes,
 *       with a listener that only counts (the reader pbxmon used before).</li>
 * </ol>
 * Run: {@code bench/run ingest [repeats] [runs]} (default 20 repeats of the stream a run, 3 runs).
 */
public final class IngestBench {
    static final Path STREAM = Path.of("..", "shared", "fixtures", "ami-scale", "scale-load-events.txt.gz");

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] stream = events(STREAM);
        int perStream = count(stream);
        System.out.printf("stream: %,d bytes, %,d events; %d repeats a run%n", stream.length, perStream, repeats);
        report("pipeline (one thread, in memory)", runs, () -> pipeline(stream, repeats, perStream));
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
            report("session (AmiSource over loopback)", runs, () -> session(sim, stream, repeats, perStream));
            report("asterisk-java 3.42.2 reader, counting only", runs, () -> asteriskJava(sim, stream, repeats, perStream));
        }
    }

    interface Run {
        double eventsPerSecond() throws Exception;
    }

    static void report(String what, int runs, Run run) throws Exception {
        run.eventsPerSecond(); // warm-up
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double r = run.eventsPerSecond();
            rates.add(r);
            System.out.printf("  %s run %d: %,.0f events/s%n", what, i + 1, r);
        }
        Collections.sort(rates);
        System.out.printf("%s: median of %d: %,.0f events/s%n", what, runs, rates.get(runs / 2));
    }

    /** The recorded events without the capture's banner and login reply. */
    static byte[] events(Path gz) throws Exception {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            all = in.readAllBytes();
        }
        String head = new String(all, 0, Math.min(all.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
        int first = head.indexOf("Event: ");
        String tail = new String(all, all.length - 4096, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
        int goodbye = tail.lastIndexOf("Response: Goodbye");
        int end = goodbye < 0 ? all.length : all.length - 4096 + goodbye;
        return java.util.Arrays.copyOfRange(all, first, end);
    }

    static int count(byte[] stream) {
        int[] n = {0};
        new FrameReader(FrameReader.Limits.DEFAULT, false, new FrameReader.Sink() {
            @Override
            public void message(AmiMessage m) {
                if (m.isEvent()) {
                    n[0]++;
                }
            }

            @Override
            public void malformed(Malformed reason) {
                throw new IllegalStateException(reason.label());
            }
        }).feed(stream, 0, stream.length);
        return n[0];
    }

    static double pipeline(byte[] stream, int repeats, int perStream) {
        PbxState state = new PbxState();
        AmiEventReducer reducer = new AmiEventReducer(state, System::currentTimeMillis);
        long[] applied = {0};
        FrameReader r = new FrameReader(FrameReader.Limits.DEFAULT, false, new FrameReader.Sink() {
            @Override
            public void message(AmiMessage m) {
                Object item = AmiEventReducer.intake(m); // as AmiSource.offer, then its pump
                if (item instanceof org.pbxmon.source.ami.quality.RtcpReportParser.Sample s) {
                    reducer.rtcp(s);
                    applied[0]++;
                } else if (item != null) {
                    reducer.apply((AmiMessage) item);
                    applied[0]++;
                }
            }

            @Override
            public void malformed(Malformed reason) {
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            for (int off = 0; off < stream.length; off += 65536) {
                r.feed(stream, off, Math.min(65536, stream.length - off));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (state.channels.stats(0, Long.MAX_VALUE).channels() != 0) {
            throw new IllegalStateException("calls of the stream left channels behind");
        }
        return (double) repeats * perStream / secs;
    }

    static double session(AmiSimulator sim, byte[] stream, int repeats, int perStream) throws Exception {
        AgentConfig cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("bench", sim, "")
                .replace("ping_interval: 1s", "ping_interval: 10s").replace("read_timeout: 3s", "read_timeout: 60s")
                .replace("response_timeout: 1s", "response_timeout: 10s"));
        SnapshotStore store = new SnapshotStore();
        AmiSource source = new AmiSource(cfg.pbxes().get(0), store, Duration.ofMillis(100));
        source.start();
        try {
            await(() -> store.get("bench") != null && store.get("bench").live(), 20_000, "synced");
            PbxSnapshot before = store.get("bench");
            long events0 = before.ami().eventsTotal();
            long calls0 = before.calls().callsProcessed();
            long t0 = System.nanoTime();
            send(sim, stream, repeats, perStream, () -> store.get("bench").ami().eventsTotal() - events0);
            long target = events0 + (long) repeats * perStream;
            await(() -> store.get("bench").ami().eventsTotal() >= target
                    && store.get("bench").calls().callsProcessed() >= calls0 + 600L * repeats, 120_000, "all applied");
            double secs = (System.nanoTime() - t0) / 1e9;
            PbxSnapshot after = store.get("bench");
            if (after.ami().eventsDropped() > 0 || after.calls().channels() != before.calls().channels()) {
                throw new IllegalStateException("state wrong after ingest: dropped " + after.ami().eventsDropped()
                        + ", channels " + after.calls().channels() + " (before " + before.calls().channels() + ")");
            }
            return (double) repeats * perStream / secs;
        } finally {
            source.close();
        }
    }

    static double asteriskJava(AmiSimulator sim, byte[] stream, int repeats, int perStream) throws Exception {
        var factory = new org.asteriskjava.manager.ManagerConnectionFactory("127.0.0.1", sim.port(),
                LabAgent.AMI_USER, LabAgent.AMI_SECRET);
        var conn = factory.createManagerConnection();
        AtomicLong seen = new AtomicLong();
        conn.addEventListener(e -> seen.incrementAndGet());
        conn.login("on");
        try {
            await(() -> sim.loggedInSessions() == 1, 10_000, "logged in");
            long t0 = System.nanoTime();
            send(sim, stream, repeats, perStream, seen::get);
            long target = (long) repeats * perStream;
            await(() -> seen.get() >= target, 300_000, "all delivered");
            return target / ((System.nanoTime() - t0) / 1e9);
        } finally {
            conn.logoff();
        }
    }

    /** Keeps at most two copies in flight: the simulator, like Asterisk, drops a client 64 MB behind. */
    static void send(AmiSimulator sim, byte[] stream, int repeats, int perStream, java.util.function.LongSupplier seen)
            throws InterruptedException {
        for (int i = 0; i < repeats; i++) {
            long behind = (long) (i - 1) * perStream;
            await(() -> seen.getAsLong() >= behind, 120_000, "reader to keep up");
            sim.sendGarbage(stream);
        }
    }

    interface Cond {
        boolean ok();
    }

    static void await(Cond c, long ms, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!c.ok()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
