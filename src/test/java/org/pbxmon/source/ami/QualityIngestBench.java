package org.pbxmon.source.ami;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.model.TrunkQuality;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.source.ami.wire.Malformed;
import org.pbxmon.testing.LabAgent;

/**
 * Call quality ingest benchmark (not a test; issue 18): the real scale stream of {@link IngestBench}
 * with RTCP traffic for {@code calls} active trunk calls mixed in at one report per second per call.
 *
 * <p>The RTCP frames are the real {@code RTCPSent} and {@code RTCPReceived} of
 * {@code PJSIP/carrier-00000001} in {@code ami/call-flow-events.txt}, byte for byte, with only
 * Channel, Uniqueid, Linkedid and (RTCPSent) MES and Report0IAJitter substituted. The calls' legs
 * are set up first, untimed, by the real {@code Newchannel} and {@code Newstate} (Up) frames of the
 * same channel with the same substitutions. The scale stream was 729 events/s when recorded
 * ({@code AMI-NOTES.md}), so {@code calls} reports a second are {@code calls / 729} RTCP frames per
 * scale event: the frames are mixed in that proportion, in rounds of one report per call (a round
 * is one recorded second), alternately RTCPSent and RTCPReceived for a call.
 *
 * <p>Three streams, each timed in the same JVM, runs interleaved, median of {@code runs}:
 * <ol>
 *   <li>{@code core}: the plain scale stream, as {@link IngestBench} measures it;</li>
 *   <li>{@code quality}: the mixed stream, RTCP tracked (queued, parsed, applied to the legs);</li>
 *   <li>{@code untracked}: the same bytes, with {@code Event: RTCPSent}/{@code RTCPReceived} renamed to
 *       {@code RTCPSenx}/{@code RTCPReceivex} (same length), so they are read and skipped like any
 *       untracked event.</li>
 * </ol>
 * Each in two modes: {@code pipeline} (frame reader + reducer + state, one thread, bytes in memory) and
 * {@code session} (AmiSource logged in to the simulator over loopback, publishing every 100 ms). Every
 * run checks that the quality state saw the reports (or, untracked, saw none).
 *
 * <p>Run: {@code bench/run quality [repeats] [runs] [calls] [pipeline|session]} (default 20 repeats of
 * the stream a run, 3 runs, 1,000 calls, both modes).
 */
public final class QualityIngestBench {
    static final Path CALL_FLOW = Path.of("..", "shared", "fixtures", "ami", "call-flow-events.txt");
    /** The scale stream's own rate when it was recorded (AMI-NOTES.md: 20 calls/s of short calls). */
    static final double RECORDED_EVENTS_PER_SECOND = 729;
    static final String TEMPLATE_CHANNEL = "PJSIP/carrier-00000001";
    static final String TRUNK_DEVICE = "PJSIP/carrier";
    static final String TRUNK = "carrier";

    private QualityIngestBench() {
    }

    /** One stream to time: its bytes, the legs' set-up before it and what the state must show after. */
    record Stream(String name, byte[] bytes, int events, byte[] preamble, int preambleEvents, boolean tracked) {
    }

    public static void main(String[] args) throws Exception {
        List<String> nums = new ArrayList<>();
        String only = null;
        for (String a : args) {
            if (a.equals("pipeline") || a.equals("session")) {
                only = a;
            } else {
                nums.add(a);
            }
        }
        int repeats = nums.size() > 0 ? Integer.parseInt(nums.get(0)) : 20;
        int runs = nums.size() > 1 ? Integer.parseInt(nums.get(1)) : 3;
        int calls = nums.size() > 2 ? Integer.parseInt(nums.get(2)) : 1000;
        byte[] recorded = IngestBench.events(IngestBench.STREAM);
        byte[] scale = withoutGreeting(recorded);
        int scaleEvents = IngestBench.count(scale);
        Map<String, String> real = templates(Files.readAllBytes(CALL_FLOW));
        byte[] preamble = preamble(real, calls);
        byte[] mixed = mix(scale, real, calls, 1.0);
        byte[] untracked = untrack(mixed);
        if (untracked.length != mixed.length) {
            throw new IllegalStateException("renaming changed the length");
        }
        int mixedEvents = IngestBench.count(mixed);
        int rtcp = mixedEvents - scaleEvents;
        Stream asIngest = new Stream("core as IngestBench (with FullyBooted)", recorded, IngestBench.count(recorded),
                new byte[0], 0, false);
        Stream core = new Stream("core (scale stream only)", scale, scaleEvents, new byte[0], 0, false);
        Stream quality = new Stream("quality (scale + RTCP, tracked)", mixed, mixedEvents, preamble, 2 * calls, true);
        Stream skipped = new Stream("untracked (same bytes, RTCP renamed)", untracked, mixedEvents, preamble,
                2 * calls, false);
        System.out.printf(Locale.ROOT, "scale stream: %,d bytes, %,d events (%.1f s recorded at %.0f events/s)%n",
                scale.length, scaleEvents, scaleEvents / RECORDED_EVENTS_PER_SECOND, RECORDED_EVENTS_PER_SECOND);
        System.out.printf(Locale.ROOT, "mixed stream: %,d bytes, %,d events: %,d RTCP frames for %,d calls "
                        + "(%.4f per scale event, %.1f reports per call), RTCP share %.1f %% of events, %.1f %% of bytes%n",
                mixed.length, mixedEvents, rtcp, calls, (double) rtcp / scaleEvents, (double) rtcp / calls,
                100.0 * rtcp / mixedEvents, 100.0 * (mixed.length - scale.length) / mixed.length);
        System.out.printf(Locale.ROOT, "set-up: %,d bytes (Newchannel + Newstate Up for %,d trunk legs), untimed; "
                + "%d repeats a run, %d runs%n", preamble.length, calls, repeats, runs);

        List<Stream> streams = List.of(asIngest, core, quality, skipped);
        Map<String, Double> pipe = null;
        Map<String, Double> sess = null;
        if (!"session".equals(only)) {
            pipe = compare("pipeline (one thread, in memory)", runs, streams, s -> pipeline(s, repeats, calls));
        }
        if (!"pipeline".equals(only)) {
            try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
                sess = compare("session (AmiSource over loopback)", runs, streams,
                        s -> session(sim, s, repeats, calls));
            }
        }
        snapshotCost(preamble, mixed, calls);
        System.out.println();
        if (pipe != null) {
            summary("pipeline", pipe, streams);
        }
        if (sess != null) {
            summary("session", sess, streams);
            cpuSummary(streams);
        }
    }

    interface Timed {
        double eventsPerSecond(Stream s) throws Exception;
    }

    /** pbxmon's CPU in the last timed session span, ns per event: all its threads, the reader, the pump; or null. */
    static double[] lastCpu;
    /** Median CPU figures of the last {@link #compare}, by stream. */
    static final Map<String, double[]> CPU = new LinkedHashMap<>();

    /** A warm-up of each stream, then {@code runs} rounds of each in turn; the median of each. */
    static Map<String, Double> compare(String mode, int runs, List<Stream> streams, Timed t) throws Exception {
        for (Stream s : streams) {
            t.eventsPerSecond(s);
        }
        CPU.clear();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<double[]>> cpus = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            for (Stream s : streams) {
                lastCpu = null;
                double r = t.eventsPerSecond(s);
                rates.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(r);
                String cpu = "";
                if (lastCpu != null) {
                    cpus.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(lastCpu);
                    cpu = String.format(Locale.ROOT, "; pbxmon CPU %.0f ns/event (reader %.0f, pump %.0f)",
                            lastCpu[0], lastCpu[1], lastCpu[2]);
                }
                System.out.printf(Locale.ROOT, "  %s, %s, run %d: %,.0f events/s%s%n", mode, s.name(), i + 1, r, cpu);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            List<Double> r = e.getValue();
            Collections.sort(r);
            medians.put(e.getKey(), r.get(r.size() / 2));
            String cpu = "";
            List<double[]> c = cpus.get(e.getKey());
            if (c != null) {
                double[] med = new double[3];
                for (int k = 0; k < 3; k++) {
                    List<Double> v = new ArrayList<>();
                    for (double[] x : c) {
                        v.add(x[k]);
                    }
                    Collections.sort(v);
                    med[k] = v.get(v.size() / 2);
                }
                CPU.put(e.getKey(), med);
                cpu = String.format(Locale.ROOT, "; pbxmon CPU median %.0f ns/event (reader %.0f, pump %.0f)",
                        med[0], med[1], med[2]);
            }
            System.out.printf(Locale.ROOT, "%s, %s: median of %d: %,.0f events/s%s%n", mode, e.getKey(), runs,
                    r.get(r.size() / 2), cpu);
        }
        return medians;
    }

    /** CPU time so far of pbxmon's AMI threads (names {@code pbxmon-ami-*}): all, reader, pump. */
    static long[] amiCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] out = new long[3];
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null || !ti.getThreadName().startsWith("pbxmon-ami-")) {
                continue;
            }
            long ns = mx.getThreadCpuTime(ti.getThreadId());
            if (ns < 0) {
                continue;
            }
            out[0] += ns;
            if (ti.getThreadName().startsWith("pbxmon-ami-reader-")) {
                out[1] += ns;
            } else if (ti.getThreadName().startsWith("pbxmon-ami-pump-")) {
                out[2] += ns;
            }
        }
        return out;
    }

    static void cpuSummary(List<Stream> streams) {
        double[] a = CPU.get(streams.get(1).name());
        double[] b = CPU.get(streams.get(2).name());
        double[] c = CPU.get(streams.get(3).name());
        if (a == null || b == null || c == null) {
            return;
        }
        double perRecordedSecondA = a[0] * RECORDED_EVENTS_PER_SECOND / 1e3;
        double perRecordedSecondB = b[0] * streams.get(2).events() / (streams.get(1).events() / RECORDED_EVENTS_PER_SECOND) / 1e3;
        double perRecordedSecondC = c[0] * streams.get(3).events() / (streams.get(1).events() / RECORDED_EVENTS_PER_SECOND) / 1e3;
        System.out.printf(Locale.ROOT, "session CPU of pbxmon's AMI threads: (a) core %.0f | (b) quality %.0f | "
                        + "(c) untracked %.0f ns/event; quality tracking cost (b - c) / c = %.1f %% of CPU "
                        + "(pump %.0f vs %.0f ns/event); per recorded second: core %.0f us, quality %.0f us, "
                        + "untracked %.0f us%n", a[0], b[0], c[0], 100 * (b[0] - c[0]) / c[0], b[2], c[2],
                perRecordedSecondA, perRecordedSecondB, perRecordedSecondC);
    }

    static void summary(String mode, Map<String, Double> m, List<Stream> streams) {
        double a0 = m.get(streams.get(0).name());
        double a = m.get(streams.get(1).name());
        double b = m.get(streams.get(2).name());
        double c = m.get(streams.get(3).name());
        double cost = (c - b) / c;
        double perScaleEventB = (double) streams.get(1).events() / streams.get(2).events();
        System.out.printf(Locale.ROOT, "%s: core as IngestBench %,.0f | (a) core %,.0f | (b) quality %,.0f | "
                        + "(c) untracked %,.0f events/s; quality tracking cost (c - b) / c = %.1f %% (%s 10 %%); "
                        + "b / a = %.2f; recorded seconds ingested per second: core %,.0f, quality %,.0f, untracked %,.0f%n",
                mode, a0, a, b, c, 100 * cost, cost < 0.10 ? "under" : "NOT under", b / a,
                a / RECORDED_EVENTS_PER_SECOND,
                b * perScaleEventB / RECORDED_EVENTS_PER_SECOND, c * perScaleEventB / RECORDED_EVENTS_PER_SECOND);
    }

    // ---- streams

    /** The real Newchannel, Newstate, RTCPSent and RTCPReceived frames of the trunk leg, with their blank line. */
    static Map<String, String> templates(byte[] capture) {
        String all = new String(capture, StandardCharsets.ISO_8859_1);
        Map<String, String> out = new LinkedHashMap<>();
        for (String frame : all.split("\r\n\r\n")) {
            if (!frame.contains("\r\nChannel: " + TEMPLATE_CHANNEL + "\r\n")) {
                continue;
            }
            for (String ev : List.of("Newchannel", "Newstate", "RTCPSent", "RTCPReceived")) {
                if (frame.startsWith("Event: " + ev + "\r\n") && !out.containsKey(ev)) {
                    out.put(ev, frame + "\r\n\r\n");
                }
            }
        }
        if (out.size() != 4) {
            throw new IllegalStateException("capture lacks frames of " + TEMPLATE_CHANNEL + ": found " + out.keySet());
        }
        if (!out.get("Newstate").contains("\r\nChannelState: 6\r\n")) {
            throw new IllegalStateException("first Newstate of the trunk leg is not Up");
        }
        return out;
    }

    /** The frame with the values of the named headers replaced (headers absent are left out). */
    static String with(String frame, Map<String, String> values) {
        String[] lines = frame.split("\r\n", -1);
        StringBuilder b = new StringBuilder(frame.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(": ");
            if (colon > 0 && values.containsKey(line.substring(0, colon))) {
                line = line.substring(0, colon + 2) + values.get(line.substring(0, colon));
            }
            b.append(line);
            if (i < lines.length - 1) {
                b.append("\r\n");
            }
        }
        return b.toString();
    }

    static String channel(int call) {
        return String.format(Locale.ROOT, "PJSIP/carrier-%08x", 0x1000 + call);
    }

    static String uniqueId(int call) {
        return "1795500000." + call; // the scale stream's ids are 1795433190.1000..1795433220.2199
    }

    static Map<String, String> ids(int call) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Channel", channel(call));
        m.put("Uniqueid", uniqueId(call));
        m.put("Linkedid", uniqueId(call));
        return m;
    }

    /** Newchannel then Newstate Up for each call's trunk leg. */
    static byte[] preamble(Map<String, String> real, int calls) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < calls; c++) {
            b.append(with(real.get("Newchannel"), ids(c)));
        }
        for (int c = 0; c < calls; c++) {
            b.append(with(real.get("Newstate"), ids(c)));
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Report {@code r}: call {@code r % calls}, round {@code r / calls}; even rounds RTCPSent, odd RTCPReceived. */
    static String report(Map<String, String> real, int calls, long r) {
        int call = (int) (r % calls);
        long round = r / calls;
        Map<String, String> v = ids(call);
        if (round % 2 == 0) {
            int mes = 60 + (int) ((call * 7L + round) % 40); // 60.x..99.x: some calls under the poor-MES line
            v.put("MES", mes + "." + (call % 10));
            v.put("Report0IAJitter", Integer.toString(1 + call % 9));
            return with(real.get("RTCPSent"), v);
        }
        return with(real.get("RTCPReceived"), v);
    }

    /**
     * The scale stream with {@code calls * perCallPerSecond / 729} RTCP frames mixed in per scale
     * event: after scale frame {@code i}, reports up to {@code floor((i + 1) * ratio)} in all.
     */
    static byte[] mix(byte[] scale, Map<String, String> real, int calls, double perCallPerSecond) {
        double ratio = calls * perCallPerSecond / RECORDED_EVENTS_PER_SECOND;
        ByteArrayOutputStream out = new ByteArrayOutputStream(scale.length * 3);
        long reports = 0;
        int start = 0;
        long i = 0;
        while (start < scale.length) {
            int end = indexOf(scale, start);
            end = end < 0 ? scale.length : end + 4;
            out.write(scale, start, end - start);
            start = end;
            i++;
            long due = (long) Math.floor(i * ratio);
            while (reports < due) {
                out.writeBytes(report(real, calls, reports).getBytes(StandardCharsets.ISO_8859_1));
                reports++;
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The scale stream without its first event, the {@code FullyBooted} that Asterisk greeted the
     * recording session with. Replayed in a live session, every copy of it makes AmiSource resync, and
     * the simulator's CoreShowChannels, which knows nothing of the trunk legs, would end them all.
     */
    static byte[] withoutGreeting(byte[] stream) {
        String head = new String(stream, 0, Math.min(stream.length, 64), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("Event: FullyBooted\r\n")) {
            throw new IllegalStateException("the scale stream no longer starts with FullyBooted");
        }
        int end = indexOf(stream, 0) + 4;
        return java.util.Arrays.copyOfRange(stream, end, stream.length);
    }

    /** The same bytes with the RTCP events renamed to untracked names of the same length. */
    static byte[] untrack(byte[] mixed) {
        String s = new String(mixed, StandardCharsets.ISO_8859_1);
        s = s.replace("Event: RTCPSent\r\n", "Event: RTCPSenx\r\n")
                .replace("Event: RTCPReceived\r\n", "Event: RTCPReceivex\r\n");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- pipeline

    static final class Pipe {
        final PbxState state = new PbxState();
        final AmiEventReducer reducer = new AmiEventReducer(state, System::currentTimeMillis);
        final FrameReader reader = new FrameReader(FrameReader.Limits.DEFAULT, false, new FrameReader.Sink() {
            @Override
            public void message(AmiMessage m) {
                // the product's intake (AmiSource.offer) and apply (AmiSource's pump), on one thread
                Object item = AmiEventReducer.intake(m);
                if (item instanceof org.pbxmon.source.ami.quality.RtcpReportParser.Sample r) {
                    reducer.rtcp(r);
                } else if (item != null) {
                    reducer.apply((AmiMessage) item);
                }
            }

            @Override
            public void malformed(Malformed reason) {
            }
        });

        Pipe() {
            state.trunkDevices(Map.of(TRUNK_DEVICE, TRUNK));
        }

        void feed(byte[] b) {
            for (int off = 0; off < b.length; off += 65536) {
                reader.feed(b, off, Math.min(65536, b.length - off));
            }
        }
    }

    static double pipeline(Stream s, int repeats, int calls) {
        Pipe p = new Pipe();
        p.feed(s.preamble());
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            p.feed(s.bytes());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int legs = s.preambleEvents() == 0 ? 0 : calls;
        int left = p.state.channels.stats(0, Long.MAX_VALUE).channels();
        if (left != legs) {
            throw new IllegalStateException(s.name() + ": " + left + " channels left, expected " + legs);
        }
        check(s, p.state.calls.snapshot(System.currentTimeMillis(), p.state::trunkOf, List.of()), calls);
        return (double) repeats * s.events() / secs;
    }

    /** The quality view saw every call's reports (tracked), or none (untracked, core). */
    static void check(Stream s, CallQuality q, int calls) {
        TrunkQuality t = q.trunks().stream().filter(x -> x.trunk().equals(TRUNK)).findFirst().orElse(null);
        int active = t == null ? 0 : t.activeLegs();
        int reported = t == null ? 0 : t.reportedLegs();
        int wantActive = s.preambleEvents() == 0 ? 0 : calls;
        int wantReported = s.tracked() ? calls : 0;
        if (active != wantActive || reported != wantReported || q.rtcpSeen() != s.tracked()
                || (s.tracked() && (t.mes() == null || t.poorCalls() == 0))) {
            throw new IllegalStateException(s.name() + ": quality view wrong: trunk " + t + ", rtcpSeen "
                    + q.rtcpSeen() + " (want " + wantActive + " active, " + wantReported + " reported)");
        }
    }

    /** What one publish's {@code calls.snapshot} costs with the legs up (it runs on every publish). */
    static void snapshotCost(byte[] preamble, byte[] mixed, int calls) {
        Pipe p = new Pipe();
        p.feed(preamble);
        p.feed(mixed);
        long now = System.currentTimeMillis();
        int n = 0;
        long t0 = System.nanoTime();
        long sink = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L) {
            sink += p.state.calls.snapshot(now, p.state::trunkOf, List.of()).trunks().size();
            n++;
        }
        double us = (System.nanoTime() - t0) / 1e3 / n;
        System.out.printf(Locale.ROOT, "calls.snapshot with %,d live trunk legs: %.1f us each (%,d in 2 s; %d)%n",
                calls, us, n, sink / n);
    }

    // ---- session

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
    static double session(AmiSimulator sim, Stream s, int repeats, int calls) throws Exception {
        if (s.name().startsWith("core as IngestBench")) {
            return IngestBench.session(sim, s.bytes(), repeats, s.events());
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
            lastCpu = new double[] {(cpu1[0] - cpu0[0]) / (double) events, (cpu1[1] - cpu0[1]) / (double) events,
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
            return events / secs;
        } finally {
            source.close();
        }
    }
}
