package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.testing.AmiFixtures;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.ScriptedAmi;

/**
 * Seeded fuzz over a real socket: the real call-flow stream replayed 130 times, every frame followed by a
 * mutated copy of itself (over 100,000 mutated frames: truncated, no colon, 64 KB to 1 MB values, bad
 * UTF-8, NULs, bare CR or LF, duplicated keys, garbage, too many lines). The session never drops,
 * asterisk_up stays 1, and the state afterwards equals that of the same stream sent clean.
 */
class AmiFuzzIT {
    static final int REPEATS = 130;
    static final long SEED = 20261128L;
    /** A marker after each repetition: once it is in the state, everything before it was applied. */
    static String marker(int rep) {
        return "Event: Registry\r\nPrivilege: system,all\r\nChannelType: IAX2\r\nUsername: rep-" + rep
                + "\r\nDomain: 127.0.0.1:1\r\nStatus: Registered\r\n\r\n";
    }

    @Test
    void noMutatedFrameEndsTheSessionOrChangesTheState() throws Exception {
        String capture = Files.readString(AmiFixtures.labDir().resolve("call-flow-events.txt"), StandardCharsets.ISO_8859_1);
        List<String> frames = FrameMutator.frames(capture).stream()
                .filter(f -> f.startsWith("Event: ") && !f.startsWith("Event: FullyBooted") && !f.startsWith("Event: Reload"))
                .toList();
        assertTrue(frames.size() > 700, "frames: " + frames.size());

        Result clean = run(frames, null);
        FrameMutator mutator = new FrameMutator(SEED);
        Result fuzzed = run(frames, mutator);

        int mutated = java.util.Arrays.stream(mutator.counts).sum();
        assertTrue(mutated >= 100_000, "mutated frames: " + mutated);
        for (int i = 0; i < FrameMutator.KINDS.length; i++) {
            assertTrue(mutator.counts[i] > 0, "kind never drawn: " + FrameMutator.KINDS[i]);
        }
        assertEquals(1, fuzzed.sessions, "the fuzzed session never dropped");
        assertTrue(fuzzed.alwaysUp, "asterisk_up stayed 1 throughout");
        assertTrue(fuzzed.last.ami().malformedTotal() > 50_000, "malformed counted: " + fuzzed.last.ami().malformedFrames());
        assertEquals(0, clean.last.ami().malformedTotal(), "the real stream has no malformed frame");
        assertEquals(0, fuzzed.last.ami().eventsDropped());
        for (int rep = 0; rep < REPEATS; rep++) {
            assertEquals(clean.states.get(rep), fuzzed.states.get(rep), "state after repetition " + rep);
        }
    }

    record Result(PbxSnapshot last, int sessions, boolean alwaysUp, List<String> states) {
    }

    /** Everything the state holds that does not depend on when it was read. */
    static String state(PbxSnapshot last) {
        {
            StringBuilder sb = new StringBuilder();
            var c = last.calls();
            sb.append("channels=").append(c.channels()).append(" calls=").append(c.calls()).append(" bridges=")
                    .append(c.bridges()).append(" processed=").append(c.callsProcessed()).append('\n');
            last.endpoints().forEach(e -> sb.append(e.technology()).append('/').append(e.name()).append(' ')
                    .append(e.state()).append(' ').append(e.rttSeconds()).append(' ').append(e.deviceState()).append(' ')
                    .append(e.contacts()).append(' ').append(e.channels()).append(' ').append(e.kind()).append('\n'));
            last.registrations().forEach(r -> sb.append(r).append('\n'));
            last.queues().forEach(q -> sb.append(q.name()).append(' ').append(q.callers()).append(' ')
                    .append(q.membersByState()).append('\n'));
            return sb.toString();
        }
    }

    private static Result run(List<String> frames, FrameMutator mutator) throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
            var cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("fz", ami.port(), "")
                    .replace("read_timeout: 3s", "read_timeout: 60s").replace("response_timeout: 1s", "response_timeout: 20s")
                    .replace("ping_interval: 1s", "ping_interval: 30s")).pbxes().get(0);
            SnapshotStore store = new SnapshotStore();
            AmiSource source = new AmiSource(cfg, store, Duration.ofMillis(20));
            source.start();
            try {
                Await.until(Duration.ofSeconds(30), () -> store.get("fz").live(), true, "synced");
                AtomicBoolean alwaysUp = new AtomicBoolean(true);
                Thread watch = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (!store.get("fz").live()) {
                            alwaysUp.set(false);
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watch.start();
                ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 22);
                List<String> states = new java.util.ArrayList<>();
                for (int rep = 0; rep < REPEATS; rep++) {
                    for (String f : frames) {
                        chunk.writeBytes((f + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (mutator != null) {
                            chunk.writeBytes(mutator.mutate(f));
                        }
                    }
                    ami.push(chunk.toByteArray());
                    ami.push(marker(rep));
                    chunk.reset();
                    String name = "rep-" + rep + "@127.0.0.1:1";
                    Await.until(Duration.ofSeconds(120), () -> store.get("fz").registrations().stream()
                            .anyMatch(r -> r.name().equals(name)), true, "repetition " + rep + " applied");
                    states.add(state(store.get("fz")));
                }
                watch.interrupt();
                watch.join();
                return new Result(store.get("fz"), ami.connectTimes().size(), alwaysUp.get(), states);
            } finally {
                source.close();
            }
        }
    }
}
