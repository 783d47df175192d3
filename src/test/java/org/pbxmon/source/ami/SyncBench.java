package org.pbxmon.source.ami;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.testing.AmiFixtures;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.ScriptedAmi;

/**
 * Sync benchmark (not a test): how long pbxmon takes from start to a complete initial sync against a
 * site of the size of {@code shared/fixtures/ami-scale} (5,000 endpoints and contacts, 200 outbound
 * registrations, 1,000 channels, 50 queues), compared with a plain AMI client that only reads the same
 * replies. Both run in this JVM against one {@link ScriptedAmi} serving the real scale captures.
 *
 * <p>Run: {@code bench/run sync [runs] [--asterisk-pacing] [--warmup N] [--publish-ms N]}.
 * {@code --asterisk-pacing} spreads the PJSIPShowEndpoints and PJSIPShowContacts replies over the wall
 * times the real Asterisk took (README of ami-scale: medians 313 ms and 335 ms), so the figures
 * approximate a real PBX instead of an infinitely fast one.
 */
public final class SyncBench {
    private static final String NAME = "sync";
    /** What a monitoring poll asks, in pbxmon's sync order. */
    private static final List<String> ACTIONS = List.of("CoreSettings", "CoreStatus", "PJSIPShowEndpoints",
            "PJSIPShowContacts", "PJSIPShowRegistrationsOutbound", "SIPpeers", "IAXpeerlist", "IAXregistry",
            "CoreShowChannels", "QueueStatus");
    private static final Duration ENDPOINTS_WALL = Duration.ofMillis(313);
    private static final Duration CONTACTS_WALL = Duration.ofMillis(335);
    private static final long SYNC_TIMEOUT_MS = 60_000;

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int warmup = 0;
        long publishMs = 250;
        boolean pacing = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--asterisk-pacing" -> pacing = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--publish-ms" -> publishMs = Long.parseLong(args[++i]);
                default -> runs = Integer.parseInt(args[i]);
            }
        }
        try (ScriptedAmi ami = scaleServer(pacing)) {
            System.out.printf("ScriptedAmi on 127.0.0.1:%d with the ami-scale captures%s; publish interval %d ms%n",
                    ami.port(), pacing ? ", Asterisk pacing (endpoints " + ENDPOINTS_WALL.toMillis() + " ms, contacts "
                            + CONTACTS_WALL.toMillis() + " ms)" : ", no pacing", publishMs);
            for (int i = 0; i < warmup; i++) {
                Plain p = plain(ami);
                long ms = pbxmon(ami, publishMs);
                System.out.printf("warm-up %d: plain %.1f ms, pbxmon %d ms%n", i + 1, p.totalMs, ms);
            }
            List<Plain> plains = new ArrayList<>();
            List<Double> pbx = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Plain p = plain(ami);
                plains.add(p);
                int before = ami.received().size();
                long ms = pbxmon(ami, publishMs);
                pbx.add((double) ms);
                System.out.printf("run %d: plain AMI client %.1f ms (login %.1f ms, %,d bytes)"
                        + " | pbxmon to synced %d ms%n", i + 1, p.totalMs, p.loginMs, p.bytes, ms);
                System.out.println("  plain per action (ms): " + format(p.perActionMs));
                if (i == 0) {
                    System.out.println("  pbxmon sent: " + ami.received().subList(before, ami.received().size()));
                }
            }
            Map<String, Double> perAction = new LinkedHashMap<>();
            for (String a : ACTIONS) {
                perAction.put(a, median(plains.stream().map(p -> p.perActionMs.get(a)).toList()));
            }
            System.out.printf("median of %d runs: plain AMI client %.1f ms, pbxmon %.0f ms%n", runs,
                    median(plains.stream().map(p -> p.totalMs).toList()), median(pbx));
            System.out.println("median plain per action (ms): " + format(perAction));
        }
    }

    /** The ami-scale captures; with pacing, the two big replies take Asterisk's recorded wall time. */
    public static ScriptedAmi scaleServer(boolean pacing) throws Exception {
        Path scale = AmiFixtures.scaleDir();
        ScriptedAmi ami = ScriptedAmi.fromCaptures(LabAgent.AMI_USER, LabAgent.AMI_SECRET, scale,
                "scale-pjsip-show-endpoints", "scale-pjsip-show-contacts", "scale-pjsip-show-registrations-outbound",
                "scale-core-show-channels", "scale-queue-status", "scale-queue-summary", "scale-core-status",
                "scale-iax-peerlist");
        // not captured at scale: the lab's (same Asterisk 22.10.1); chan_sip is absent everywhere
        ami.load(AmiFixtures.labDir(), "core-settings", "command-core-show-version", "sip-peers-unsupported",
                "pjsip-show-endpoint-unknown");
        // chan_iax2 is not loaded at scale: IAXregistry (not in the table) gets the same
        // "Invalid/unknown command" as IAXpeerlist
        if (pacing) {
            ami.pace("PJSIPShowEndpoints", ENDPOINTS_WALL).pace("PJSIPShowContacts", CONTACTS_WALL);
        }
        return ami;
    }

    /** One run of the plain client. */
    private record Plain(double totalMs, double loginMs, long bytes, Map<String, Double> perActionMs) {
    }

    private static Plain plain(ScriptedAmi ami) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Double> per = new LinkedHashMap<>();
        try (PlainAmiClient c = new PlainAmiClient(ami.port())) {
            c.login(LabAgent.AMI_USER, LabAgent.AMI_SECRET);
            double loginMs = ms(System.nanoTime() - t0);
            for (String a : ACTIONS) {
                long s = System.nanoTime();
                c.call(a, "");
                per.put(a, ms(System.nanoTime() - s));
            }
            return new Plain(ms(System.nanoTime() - t0), loginMs, c.bytesRead(), per);
        } finally {
            waitForNoSessions(ami);
        }
    }

    /** Milliseconds from constructing the source to a published snapshot that is connected and synced. */
    private static long pbxmon(ScriptedAmi ami, long publishMs) throws Exception {
        AgentConfig cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml(NAME, ami.port(), "")
                .replace("ping_interval: 1s", "ping_interval: 10s").replace("read_timeout: 3s", "read_timeout: 60s")
                .replace("response_timeout: 1s", "response_timeout: 30s")
                .replace("connect_timeout: 1s", "connect_timeout: 5s"));
        PbxConfig pbx = cfg.pbxes().get(0);
        SnapshotStore store = new SnapshotStore();
        long t0 = System.nanoTime();
        AmiSource source = new AmiSource(pbx, store, Duration.ofMillis(publishMs));
        source.start();
        try {
            long deadline = System.currentTimeMillis() + SYNC_TIMEOUT_MS;
            while (!synced(store.get(NAME))) {
                if (System.currentTimeMillis() > deadline) {
                    PbxSnapshot s = store.get(NAME);
                    throw new IllegalStateException("no sync within " + SYNC_TIMEOUT_MS + " ms; last status "
                            + (s == null ? "none" : s.ami()));
                }
                Thread.sleep(1);
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } finally {
            source.close();
            waitForNoSessions(ami);
        }
    }

    private static boolean synced(PbxSnapshot s) {
        return s != null && s.ami() != null && s.ami().synced() && s.ami().connected();
    }

    private static void waitForNoSessions(ScriptedAmi ami) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (ami.sessions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String format(Map<String, Double> perAction) {
        StringBuilder sb = new StringBuilder();
        perAction.forEach((a, ms) -> sb.append(sb.length() == 0 ? "" : ", ").append(a).append(' ')
                .append(String.format("%.1f", ms)));
        return sb.toString();
    }
}
