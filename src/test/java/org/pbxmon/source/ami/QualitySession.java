package org.pbxmon.source.ami;

import static org.pbxmon.source.ami.QualityIngestBench.amiCpu;
import static org.pbxmon.source.ami.QualityIngestBench.check;
import static org.pbxmon.source.ami.QualityStreams.indexOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.source.ami.QualityIngestBench.Run;
import org.pbxmon.source.ami.QualityIngestBench.Stream;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.source.ami.wire.Malformed;
import org.pbxmon.testing.LabAgent;

/** The session mode of {@link QualityIngestBench}: AmiSource logged in to the simulator over loopback. */
final class QualitySession {
    private QualitySession() {
    }

    /** A piece of a stream cut at a frame boundary, with its event and tracked-event counts. */
    record Chunk(byte[] bytes, int events, int tracked) {
    }

    static final int CHUNK_BYTES = 1 << 20;
    /** Tracked events queued or in flight at most: AmiSource's queue holds 20,000 and drops beyond. */
    static final int MAX_UNAPPLIED = AmiSource.QUEUE_CAPACITY * 3 / 4;
    /** Bytes written but not read at most: the simulator, like Asterisk, drops a client 64 MB behind. */
    static final long MAX_UNREAD_BYTES = 32L << 20;
    private static final Map<byte[], List<Chunk>> CHUNKS = new java.util.IdentityHashMap<>();

    static synchronized List<Chunk> chunks(byte[] stream) {
        return CHUNKS.computeIfAbsent(stream, b -> {
            List<Chunk> out = new ArrayList<>();
            int start = 0;
            while (start < b.length) {
                int end = Math.min(b.length, start + CHUNK_BYTES);
                if (end < b.length) {
                    int boundary = indexOf(b, end);
                    end = boundary < 0 ? b.length : boundary + 4;
                }
                byte[] c = java.util.Arrays.copyOfRange(b, start, end);
                int[] n = {0, 0};
                new FrameReader(FrameReader.Limits.DEFAULT, false, new FrameReader.Sink() {
                    @Override
                    public void message(AmiMessage m) {
                        if (m.isEvent()) {
                            n[0]++;
                            if (AmiEventReducer.tracked(m)) {
                                n[1]++;
                            }
                        }
                    }

                    @Override
                    public void malformed(Malformed reason) {
                        throw new IllegalStateException(reason.label());
                    }
                }).feed(c, 0, c.length);
                out.add(new Chunk(c, n[0], n[1]));
                start = end;
            }
            return out;
        });
    }

    /** The reader's event count (AmiSource's wire statistics), read directly rather than at each publish. */
    static java.util.function.LongSupplier eventsRead(AmiSource source) throws ReflectiveOperationException {
        java.lang.reflect.Field f = AmiSource.class.getDeclaredField("wire");
        f.setAccessible(true);
        WireStats w = (WireStats) f.get(source);
        return w.events::get;
    }

    /**
     * Like {@link IngestBench#session}, but the stream goes in 1 MB pieces and is paced by what the
     * pump has applied, not only by what the reader has read: the mixed stream has 35,000 tracked
     * events a copy, and at full speed the reader outruns the pump and AmiSource drops events (which
     * is what it must do, but then the run measures nothing useful). The timed span ends when every
     * event has been read and every tracked one applied. The core stream as IngestBench reads it (with
     * its FullyBooted) is timed by {@link IngestBench#session} itself.
     */
    static Run session(AmiSimulator sim, Stream s, int repeats, int calls) throws Exception {
        if (s.name().startsWith("core as IngestBench")) {
            long[] c0 = amiCpu(); // its AmiSource's threads start after this, so all their CPU counts (sync included)
            double rate = IngestBench.session(sim, s.bytes(), repeats, s.events());
            long[] c1 = amiCpu();
            double n = (double) repeats * s.events();
            return new Run(rate, new double[] {(c1[0] - c0[0]) / n, (c1[1] - c0[1]) / n, (c1[2] - c0[2]) / n});
        }
        AgentConfig cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("bench", sim, "")
                .replace("ping_interval: 1s", "ping_interval: 10s").replace("read_timeout: 3s", "read_timeout: 60s")
                .replace("response_timeout: 1s", "response_timeout: 10s"));
        SnapshotStore store = new SnapshotStore();
        AmiSource source = new AmiSource(cfg.pbxes().get(0), store, Duration.ofMillis(100));
        List<Chunk> chunks = chunks(s.bytes());
        long trackedPerCopy = chunks.stream().mapToLong(Chunk::tracked).sum();
        source.start();
        try {
            java.util.function.LongSupplier read = eventsRead(source);
            IngestBench.await(() -> store.get("bench") != null && store.get("bench").live(), 20_000, "synced");
            PbxSnapshot synced = store.get("bench");
            int legs = s.preambleEvents() == 0 ? 0 : calls;
            if (legs > 0) {
                long e0 = read.getAsLong();
                long a0 = source.applied.get();
                int ch0 = synced.calls().channels();
                sim.sendGarbage(s.preamble());
                IngestBench.await(() -> read.getAsLong() >= e0 + s.preambleEvents()
                        && source.applied.get() >= a0 + s.preambleEvents()
                        && store.get("bench").calls().channels() >= ch0 + legs, 20_000, "legs set up");
            }
            Thread.sleep(250); // a publish after the set-up
            PbxSnapshot before = store.get("bench");
            long events0 = read.getAsLong();
            long applied0 = source.applied.get();
            long calls0 = before.calls().callsProcessed();
            double bytesPerEvent = (double) s.bytes().length / s.events();
            long[] cpu0 = amiCpu();
            long t0 = System.nanoTime();
            long sentEvents = 0;
            long sentTracked = 0;
            for (int i = 0; i < repeats; i++) {
                for (Chunk c : chunks) {
                    long trackedUpTo = sentTracked + c.tracked();
                    long eventsUpTo = sentEvents + c.events();
                    IngestBench.await(() -> trackedUpTo - (source.applied.get() - applied0) <= MAX_UNAPPLIED
                            && (eventsUpTo - (read.getAsLong() - events0)) * bytesPerEvent <= MAX_UNREAD_BYTES,
                            120_000, "the pump to keep up");
                    sim.sendGarbage(c.bytes());
                    sentEvents = eventsUpTo;
                    sentTracked = trackedUpTo;
                }
            }
            long events = (long) repeats * s.events();
            long tracked = (long) repeats * trackedPerCopy;
            IngestBench.await(() -> read.getAsLong() - events0 >= events && source.applied.get() - applied0 >= tracked,
                    120_000, "all applied");
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = amiCpu();
            double[] cpu = new double[] {(cpu1[0] - cpu0[0]) / (double) events, (cpu1[1] - cpu0[1]) / (double) events,
                    (cpu1[2] - cpu0[2]) / (double) events};
            IngestBench.await(() -> store.get("bench").calls().callsProcessed() >= calls0 + 600L * repeats, 5_000,
                    "every call of the stream counted");
            PbxSnapshot after = store.get("bench");
            if (after.ami().eventsDropped() > 0 || after.calls().channels() != before.calls().channels()) {
                throw new IllegalStateException(s.name() + ": state wrong after ingest: dropped "
                        + after.ami().eventsDropped() + ", channels " + after.calls().channels() + " (before "
                        + before.calls().channels() + ")");
            }
            // the last reports follow the last Hangup: give the next publish a moment to show them
            long until = System.currentTimeMillis() + 5_000;
            while (true) {
                try {
                    check(s, store.get("bench").quality(), calls);
                    break;
                } catch (IllegalStateException e) {
                    if (System.currentTimeMillis() > until) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
            return new Run(events / secs, cpu);
        } finally {
            source.close();
        }
    }
}
