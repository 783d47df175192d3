package org.pbxmon.source.ami;

import static org.pbxmon.source.ami.QualityStreams.CALL_FLOW;
import static org.pbxmon.source.ami.QualityStreams.RECORDED_EVENTS_PER_SECOND;
import static org.pbxmon.source.ami.QualityStreams.mix;
import static org.pbxmon.source.ami.QualityStreams.preamble;
import static org.pbxmon.source.ami.QualityStreams.templates;
import static org.pbxmon.source.ami.QualityStreams.untrack;
import static org.pbxmon.source.ami.QualityStreams.withoutGreeting;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pbxmon.model.CallQuality;
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
 * <p>Three streams, each timed in the same JVM, in {@code runs} rounds of all of them (the order
 * reversed every other round):
 * <ol>
 *   <li>{@code core}: the plain scale stream, as {@link IngestBench} measures it;</li>
 *   <li>{@code quality}: the mixed stream, RTCP tracked (queued, parsed, applied to the legs);</li>
 *   <li>{@code untracked}: the same bytes, with {@code Event: RTCPSent}/{@code RTCPReceived} renamed to
 *       {@code RTCPSenx}/{@code RTCPReceivex} (same length), so they are read and skipped like any
 *       untracked event.</li>
 * </ol>
 * Each in two modes: {@code pipeline} (frame reader + reducer + state, one thread, bytes in memory) and
 * {@code session} (AmiSource logged in to the simulator over loopback, publishing every 100 ms). Every
 * run checks that the quality state saw the reports (or, untracked, saw none). The verdict is taken
 * from the cost paired by round (tracked against untracked, timed back to back), as the median over
 * the rounds with its quartiles: on a shared VM the host's speed drifts between rounds by more than
 * the effect, and a ratio of two medians taken minutes apart carried that drift into the figure.
 * Throughput and CPU time (of the pipeline's thread; of pbxmon's AMI threads in a session) are both
 * reported.
 *
 * <p>Run: {@code bench/run quality [repeats] [runs] [calls] [pipeline|session]} (default 20 repeats of
 * the stream a run, 9 rounds, 1,000 calls, both modes).
 */
public final class QualityIngestBench {
    static final String TRUNK_DEVICE = "PJSIP/carrier";
    static final String TRUNK = "carrier";

    private QualityIngestBench() {
    }

    /** One stream to time: its bytes, the legs' set-up before it and what the state must show after. */
    record Stream(String name, byte[] bytes, int events, byte[] preamble, int preambleEvents, boolean tracked) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--fork")) {
            fork(args);
            return;
        }
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
        int runs = nums.size() > 1 ? Integer.parseInt(nums.get(1)) : 9;
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
        Result pipe = null;
        Result sess = null;
        if (!"session".equals(only)) {
            pipe = compare("pipeline (one thread, in memory)", runs, streams, s -> pipeline(s, repeats, calls));
        }
        if (!"pipeline".equals(only)) {
            try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
                sess = compare("session (AmiSource over loopback)", runs, streams,
                        s -> QualitySession.session(sim, s, repeats, calls));
            }
        }
        snapshotCost(preamble, mixed, calls);
        System.out.println();
        if (pipe != null) {
            summary("pipeline", pipe, streams);
        }
        if (sess != null) {
            summary("session", sess, streams);
        }
    }

    /**
     * One stream alone in this JVM, for {@link QualityForks}: {@code --fork quality|untracked
     * pipeline|session repeats runs calls}; a warm-up run, then {@code runs}; prints
     * {@code FORK <median events/s> <median CPU ns/event>}.
     */
    static void fork(String[] args) throws Exception {
        boolean tracked = args[1].equals("quality");
        boolean session = args[2].equals("session");
        int repeats = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        byte[] scale = withoutGreeting(IngestBench.events(IngestBench.STREAM));
        Map<String, String> real = templates(Files.readAllBytes(CALL_FLOW));
        byte[] mixed = mix(scale, real, calls, 1.0);
        byte[] bytes = tracked ? mixed : untrack(mixed);
        Stream s = new Stream(args[1], bytes, IngestBench.count(bytes), preamble(real, calls), 2 * calls, tracked);
        List<Double> rates = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        try (AmiSimulator sim = session ? AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET) : null) {
            for (int i = 0; i <= runs; i++) {
                Run r = session ? QualitySession.session(sim, s, repeats, calls) : pipeline(s, repeats, calls);
                if (i > 0) { // run 0 is the warm-up
                    rates.add(r.rate());
                    cpus.add(r.cpu()[0]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "FORK %.1f %.1f%n", median(rates), median(cpus));
    }

    /** One timed run: events/s, and CPU ns/event (pbxmon's AMI threads, reader, pump; pipeline: its one thread). */
    record Run(double rate, double[] cpu) {
    }

    interface Timed {
        Run run(Stream s) throws Exception;
    }

    /**
     * A mode's figures: medians by stream, and tracking's cost in each round, paired: the tracked and
     * the untracked stream timed back to back (the order alternates each round), so a host that slows
     * down between rounds moves both sides of a pair, not one.
     */
    record Result(Map<String, Double> rate, Map<String, double[]> cpu, List<Double> pairedRate, List<Double> pairedCpu) {
    }

    /** A warm-up of each stream, then {@code runs} rounds of all streams, in alternating order. */
    static Result compare(String mode, int runs, List<Stream> streams, Timed t) throws Exception {
        for (Stream s : streams) {
            t.run(s);
        }
        Map<String, List<Run>> all = new LinkedHashMap<>();
        List<Double> pairedRate = new ArrayList<>();
        List<Double> pairedCpu = new ArrayList<>();
        String tracked = streams.get(2).name();
        String untracked = streams.get(3).name();
        for (int i = 0; i < runs; i++) {
            List<Stream> order = new ArrayList<>(streams);
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            Map<String, Run> round = new LinkedHashMap<>();
            for (Stream s : order) {
                Run r = t.run(s);
                round.put(s.name(), r);
                all.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(r);
                System.out.printf(Locale.ROOT, "  %s, %s, run %d: %,.0f events/s; CPU %.0f ns/event%s%n", mode, s.name(),
                        i + 1, r.rate(), r.cpu()[0], r.cpu()[1] == 0 && r.cpu()[2] == 0 ? ""
                                : String.format(Locale.ROOT, " (reader %.0f, pump %.0f)", r.cpu()[1], r.cpu()[2]));
            }
            Run b = round.get(tracked);
            Run c = round.get(untracked);
            pairedRate.add((c.rate() - b.rate()) / c.rate());
            pairedCpu.add((b.cpu()[0] - c.cpu()[0]) / c.cpu()[0]);
            System.out.printf(Locale.ROOT, "  %s, round %d: tracking costs %.1f %% of throughput, %.1f %% more CPU%n", mode,
                    i + 1, 100 * pairedRate.get(i), 100 * pairedCpu.get(i));
        }
        Map<String, Double> rate = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, List<Run>> e : all.entrySet()) {
            rate.put(e.getKey(), median(e.getValue().stream().map(Run::rate).toList()));
            double[] med = new double[3];
            for (int k = 0; k < 3; k++) {
                int kk = k;
                med[k] = median(e.getValue().stream().map(r -> r.cpu()[kk]).toList());
            }
            cpu.put(e.getKey(), med);
            System.out.printf(Locale.ROOT, "%s, %s: median of %d: %,.0f events/s; %s%n", mode, e.getKey(), runs,
                    rate.get(e.getKey()), med[0] <= 0 ? "CPU not measured (its threads are gone when it ends)"
                            : String.format(Locale.ROOT, "CPU %.0f ns/event (reader %.0f, pump %.0f)", med[0], med[1], med[2]));
        }
        return new Result(rate, cpu, pairedRate, pairedCpu);
    }

    static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** The nearest-rank quantile ({@code q} in 0..1). */
    static double quantile(List<Double> values, double q) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get((int) Math.min(v.size() - 1, Math.max(0, Math.ceil(q * v.size()) - 1)));
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

    /** The medians, and the verdict from the paired costs: their median, quartiles and the rounds under 10 %. */
    static void summary(String mode, Result r, List<Stream> streams) {
        double a0 = r.rate().get(streams.get(0).name());
        double a = r.rate().get(streams.get(1).name());
        double b = r.rate().get(streams.get(2).name());
        double c = r.rate().get(streams.get(3).name());
        System.out.printf(Locale.ROOT, "%s: core as IngestBench %,.0f | (a) core %,.0f | (b) quality %,.0f | "
                        + "(c) untracked %,.0f events/s (medians); CPU (a) %.0f | (b) %.0f | (c) %.0f ns/event%n",
                mode, a0, a, b, c, r.cpu().get(streams.get(1).name())[0], r.cpu().get(streams.get(2).name())[0],
                r.cpu().get(streams.get(3).name())[0]);
        paired(mode + " throughput cost (c - b) / c", r.pairedRate());
        paired(mode + " CPU cost (b - c) / c", r.pairedCpu());
    }

    static void paired(String what, List<Double> costs) {
        double med = median(costs);
        long under = costs.stream().filter(x -> x < 0.10).count();
        System.out.printf(Locale.ROOT, "%s, paired: median %.1f %% (quartiles %.1f to %.1f %%, range %.1f to "
                        + "%.1f %%), %d of %d pairs under 10 %%: %s 10 %%%n", what, 100 * med, 100 * quantile(costs, 0.25),
                100 * quantile(costs, 0.75), 100 * quantile(costs, 0), 100 * quantile(costs, 1), under, costs.size(),
                med < 0.10 ? "under" : "NOT under");
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

    static Run pipeline(Stream s, int repeats, int calls) {
        Pipe p = new Pipe();
        p.feed(s.preamble());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            p.feed(s.bytes());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / ((double) repeats * s.events());
        int legs = s.preambleEvents() == 0 ? 0 : calls;
        int left = p.state.channels.stats(0, Long.MAX_VALUE).channels();
        if (left != legs) {
            throw new IllegalStateException(s.name() + ": " + left + " channels left, expected " + legs);
        }
        check(s, p.state.calls.snapshot(System.currentTimeMillis(), p.state::trunkOf, List.of()), calls);
        return new Run((double) repeats * s.events() / secs, new double[] {cpu, 0, 0});
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
}
