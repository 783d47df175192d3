package org.pbxmon.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Floods every logged-in session with pre-rendered events from the real mix (mostly VarSet / Newexten /
 * CEL, plus DeviceStateChange, Newstate and ContactStatus that repeat the current state), for benchmarks
 * and event-drop tests.
 */
public final class EventBurst {
    private static final int CHUNK_EVENTS = 256;
    private static final long MAX_PENDING = 4L * 1024 * 1024;
    private static final long NO_PROGRESS_MS = 10_000;

    private EventBurst() {
    }

    /**
     * Writes {@code events} async events to every logged-in session that wants events, as fast as the
     * clients read; returns when everything is flushed (or a client made no progress for 10 s).
     *
     * @return total bytes written over all sessions
     */
    public static long send(AmiSimulator sim, int events) {
        if (events <= 0 || sim.isStalled()) {
            return 0;
        }
        WorldState st = sim.world().st;
        List<Ev> templates;
        synchronized (st.lock) {
            templates = NoiseEvents.burstTemplates(st);
        }
        Collections.shuffle(templates, new Random(7));
        Map<AmiSession, Plan> plans = new LinkedHashMap<>();
        Plan shared = null;
        for (AmiSession s : sim.liveSessions()) {
            if (!s.hasFilters()) {
                if (shared == null) {
                    shared = new Plan(templates);
                }
                plans.put(s, shared);
                continue;
            }
            List<Ev> mine = new ArrayList<>();
            for (Ev e : templates) {
                if (s.wants(e)) {
                    mine.add(e);
                }
            }
            if (!mine.isEmpty()) {
                plans.put(s, new Plan(mine));
            }
        }
        long total = 0;
        try {
            int sent = 0;
            while (sent < events && !plans.isEmpty()) {
                int n = Math.min(CHUNK_EVENTS, events - sent);
                for (var it = plans.entrySet().iterator(); it.hasNext();) {
                    var entry = it.next();
                    SessionWriter w = entry.getKey().writer;
                    byte[] chunk = entry.getValue().chunk(n);
                    if (!w.awaitBelow(MAX_PENDING, NO_PROGRESS_MS) || !w.enqueue(chunk)) {
                        it.remove();
                        continue;
                    }
                    total += chunk.length;
                }
                sent += n;
            }
            for (AmiSession s : plans.keySet()) {
                s.writer.awaitBelow(0, NO_PROGRESS_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return total;
    }

    /** Pre-rendered chunk of events cycling through a template list. */
    private static final class Plan {
        private final List<Ev> templates;
        private byte[] full;
        private byte[] lastPartial;
        private int lastPartialCount = -1;

        Plan(List<Ev> templates) {
            this.templates = templates;
        }

        byte[] chunk(int n) {
            if (n == CHUNK_EVENTS) {
                if (full == null) {
                    full = render(n);
                }
                return full;
            }
            if (n != lastPartialCount) {
                lastPartial = render(n);
                lastPartialCount = n;
            }
            return lastPartial;
        }

        private byte[] render(int n) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(n * 400);
            for (int i = 0; i < n; i++) {
                byte[] b = templates.get(i % templates.size()).bytes();
                out.write(b, 0, b.length);
            }
            return out.toByteArray();
        }
    }
}
