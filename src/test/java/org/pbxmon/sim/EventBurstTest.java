package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBurstTest {

    /** Counts "\r\nEvent: " starts (every event follows a blank line) until {@code expected} are seen. */
    private static long countEvents(InputStream in, long expected) throws IOException {
        byte[] pat = "\nEvent: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] buf = new byte[256 * 1024];
        long found = 0;
        int matched = 0;
        while (found < expected) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == pat[matched]) {
                    if (++matched == pat.length) {
                        found++;
                        matched = 0;
                    }
                } else {
                    matched = b == pat[0] ? 1 : 0;
                }
            }
        }
        return found;
    }

    @Test
    void burstDeliversTheRequestedCountToEverySession() throws Exception {
        SimWorld w = SimWorld.lab();
        SimCall call = w.startCall("103", "102");
        w.answer(call);
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret");
             AmiClient a = AmiClient.loggedIn(sim.port(), null);
             AmiClient b = AmiClient.loggedIn(sim.port(), null);
             AmiClient off = AmiClient.loggedIn(sim.port(), "off")) {
            a.readUntil(m -> "SuccessfulAuth".equals(m.get("Event")));
            b.readUntil(m -> "SuccessfulAuth".equals(m.get("Event")));
            a.readUntil(m -> "SuccessfulAuth".equals(m.get("Event")));
            int events = 200_000;
            CompletableFuture<Long> ca = CompletableFuture.supplyAsync(() -> count(a, events));
            CompletableFuture<Long> cb = CompletableFuture.supplyAsync(() -> count(b, events));
            long t0 = System.nanoTime();
            long bytes = EventBurst.send(sim, events);
            long ra = ca.get(20, TimeUnit.SECONDS);
            long rb = cb.get(20, TimeUnit.SECONDS);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(events, ra);
            assertEquals(events, rb);
            assertTrue(bytes > events * 2L * 200, "bytes " + bytes);
            System.out.printf("EventBurst: %d events x 2 sessions, %.1f MB in %.3f s = %.0f events/s per session%n",
                    events, bytes / 1e6, secs, events / secs);
            assertTrue(off.silentFor(200));
            a.action("Ping", "after");
            assertEquals("after", a.readUntil(m -> "after".equals(m.get("ActionID"))).stream()
                    .reduce((x, y) -> y).orElseThrow().get("ActionID"));
            assertEquals(2, w.channelCount());
        }
    }

    private static long count(AmiClient c, long expected) {
        try {
            c.socket.setSoTimeout(15_000);
            return countEvents(c.input(), expected);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void burstTemplatesRepeatCurrentStateOnly() {
        SimWorld w = SimWorld.lab();
        synchronized (w.st.lock) {
            for (Ev e : NoiseEvents.burstTemplates(w.st)) {
                if (e.name.equals("ContactStatus")) {
                    assertTrue(e.text.contains("ContactStatus: Reachable"), e.text);
                }
                assertTrue(e.text.endsWith("\r\n\r\n"));
            }
        }
    }

    @Test
    void nothingToSendWithoutSessions() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "monitor", "monitor-secret")) {
            assertEquals(0, EventBurst.send(sim, 1000));
        }
    }
}
