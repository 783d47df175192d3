package org.pbxmon.source.ami;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The call quality ingest benchmark in fresh JVMs (not a test; issue 18): each fork times one
 * stream only, the tracked and the untracked one in turn (the order alternating), and tracking's
 * cost is paired by fork. In one JVM the two streams share the JIT's profiles (the same call sites
 * see RTCP frames tracked in one run and skipped in the next), and back-to-back runs of the same
 * stream there differed by up to 60 % of CPU time; a fork per stream, as JMH does, keeps each
 * stream's compiled code its own.
 *
 * <p>Run: {@code bench/run quality-forks [forks] [repeats] [runs] [calls] [pipeline|session]}
 * (default 7 forks of each stream, 20 repeats a run, 5 runs after a warm-up, 1,000 calls, pipeline).
 */
public final class QualityForks {
    private QualityForks() {
    }

    public static void main(String[] args) throws Exception {
        List<String> nums = new ArrayList<>();
        String mode = "pipeline";
        for (String a : args) {
            if (a.equals("pipeline") || a.equals("session")) {
                mode = a;
            } else {
                nums.add(a);
            }
        }
        int forks = nums.size() > 0 ? Integer.parseInt(nums.get(0)) : 7;
        String repeats = nums.size() > 1 ? nums.get(1) : "20";
        String runs = nums.size() > 2 ? nums.get(2) : "5";
        String calls = nums.size() > 3 ? nums.get(3) : "1000";
        System.out.printf(Locale.ROOT, "%s: %d forks of each stream, %s repeats a run, %s runs after a warm-up, %s calls%n",
                mode, forks, repeats, runs, calls);
        List<Double> rateB = new ArrayList<>();
        List<Double> rateC = new ArrayList<>();
        List<Double> pairedRate = new ArrayList<>();
        List<Double> pairedCpu = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            String first = f % 2 == 0 ? "untracked" : "quality";
            String second = f % 2 == 0 ? "quality" : "untracked";
            double[] x = fork(first, mode, repeats, runs, calls);
            double[] y = fork(second, mode, repeats, runs, calls);
            double[] b = first.equals("quality") ? x : y;
            double[] c = first.equals("quality") ? y : x;
            rateB.add(b[0]);
            rateC.add(c[0]);
            pairedRate.add((c[0] - b[0]) / c[0]);
            pairedCpu.add((b[1] - c[1]) / c[1]);
            System.out.printf(Locale.ROOT, "  fork pair %d (%s first): tracked %,.0f events/s, %.0f ns/event | untracked "
                            + "%,.0f events/s, %.0f ns/event | cost %.1f %% of throughput, %.1f %% more CPU%n", f + 1, first,
                    b[0], b[1], c[0], c[1], 100 * pairedRate.get(f), 100 * pairedCpu.get(f));
        }
        System.out.printf(Locale.ROOT, "%s: (b) quality %,.0f | (c) untracked %,.0f events/s (medians of the forks)%n", mode,
                QualityIngestBench.median(rateB), QualityIngestBench.median(rateC));
        QualityIngestBench.paired(mode + " throughput cost (c - b) / c, by fork pair", pairedRate);
        QualityIngestBench.paired(mode + " CPU cost (b - c) / c, by fork pair", pairedCpu);
    }

    /** One fresh JVM timing one stream: its median events/s and CPU ns/event. */
    static double[] fork(String stream, String mode, String repeats, String runs, String calls) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), QualityIngestBench.class.getName(), "--fork",
                stream, mode, repeats, runs, calls));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double[] out = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                log.append(line).append('\n');
                if (line.startsWith("FORK ")) {
                    String[] f = line.split(" ");
                    out = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
                }
            }
        }
        if (p.waitFor() != 0 || out == null) {
            throw new IllegalStateException("fork " + stream + " failed:\n" + log);
        }
        return out;
    }
}
