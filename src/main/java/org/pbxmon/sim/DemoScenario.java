package org.pbxmon.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * An endless, lively scenario on a world, deterministic for a seed (the sequence of decisions depends
 * only on the seed; a tick is 250 ms): calls start, ring, are answered and hung up; queue callers join
 * and leave or abandon; an extension registers or unregisters now and then; the first outbound
 * registration fails and recovers every two minutes; the IAX2 trunk lags now and then; noise events.
 *
 * <p>Call quality moves too, on a three-minute cycle that starts at once: RTCP every 2 s; the first
 * trunk's audio degrades from 25 s to 65 s of each cycle (MES 55–65, jitter 30–60 ms, loss 3–8 %, RTT
 * 250–400 ms) while the others stay healthy; calls through it end BUSY, CONGESTION, CANCEL and NOANSWER
 * in the first minute; a burst of callers in the first queue waits longer than 20 s (some abandon)
 * where callers are normally answered within 4 s; a call without any media. Unstarted scenarios (tests)
 * also drive the world clock: one tick advances it by 250 ms.
 */
public final class DemoScenario implements AutoCloseable {
    static final long TICK_MS = 250;
    static final Duration RTCP_INTERVAL = Duration.ofSeconds(2);
    private static final int MAX_CALLS = 8;
    /** Ticks of the quality cycle (3 min) and the degraded window of the first trunk in it (25 s..65 s). */
    static final int CYCLE = 720;
    static final int DEGRADE_FROM = 100;
    static final int DEGRADE_TO = 260;
    /** Phases of the queue burst callers (10 s..15 s), and of the dial outcomes through the first trunk. */
    private static final int[] BURST = {40, 44, 48, 52, 56, 60};
    private static final int[] OUTCOME_AT = {20, 32, 44, 56};
    private static final DialStatus[] OUTCOMES = {DialStatus.BUSY, DialStatus.CONGESTION, DialStatus.CANCEL,
        DialStatus.NOANSWER};
    private static final int NO_MEDIA_AT = 12;
    private static final int BAD_TRUNK_CALL_AT = 92;

    private final SimWorld world;
    private final WorldViews views;
    private final Random rnd;
    private final Thread thread;
    private final List<Live> live = new ArrayList<>();
    private volatile boolean running = true;
    private long tick;

    /** A call the scenario drives: answered at answerAt (never when -1), ended at hangupAt. */
    private record Live(SimCall call, long answerAt, long hangupAt, DialStatus outcome) {
    }

    private DemoScenario(SimWorld world, long seed) {
        this.world = world;
        this.views = world.views();
        this.rnd = new Random(seed);
        this.thread = new Thread(this::loop, "ami-sim-demo");
        this.thread.setDaemon(true);
        world.setRtcpInterval(RTCP_INTERVAL);
    }

    public static DemoScenario start(SimWorld world, long seed) {
        DemoScenario d = new DemoScenario(world, seed);
        d.thread.start();
        return d;
    }

    /** A scenario whose thread is not started: tests drive it with {@link #step()}, which also drives the clock. */
    static DemoScenario unstarted(SimWorld world, long seed) {
        DemoScenario d = new DemoScenario(world, seed);
        long base = System.currentTimeMillis();
        world.setClock(() -> base + d.tick * TICK_MS);
        return d;
    }

    /** Calls the scenario currently keeps alive. */
    int liveCalls() {
        return live.size();
    }

    private void loop() {
        while (running) {
            try {
                step();
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // keep the demo alive whatever an external mutation did to the world
            }
        }
    }

    /** One tick of the scenario (package-private so tests can drive it without sleeping). */
    void step() {
        tick++;
        advanceCalls();
        if (live.size() < MAX_CALLS && rnd.nextInt(4) == 0) {
            startSomething();
        }
        script((int) (tick % CYCLE));
        if (tick % 120 == 60) {
            toggleRegistration();
        }
        List<String> regs = views.registrationNames();
        if (!regs.isEmpty()) {
            String reg = regs.contains("carrier-reg") ? "carrier-reg" : regs.get(0);
            long phase = tick % 480;
            if (phase == 240 || phase > 240 && phase < 320 && phase % 40 == 0) {
                world.registrationStatus(reg, "Rejected");
            } else if (phase == 320) {
                world.registrationStatus(reg, "Registered");
            }
        }
        List<String> iax = world.iaxEnabled() ? views.iaxTrunks() : List.of();
        if (!iax.isEmpty()) {
            long phase = tick % 600;
            if (phase == 300) {
                world.iaxPeerStatus(iax.get(0), "LAGGED (" + (700 + rnd.nextInt(400)) + " ms)");
            } else if (phase == 340) {
                world.iaxPeerStatus(iax.get(0), "OK (" + (8 + rnd.nextInt(10)) + " ms)");
            }
        }
        if (tick % 20 == 10) {
            List<String> phones = views.phones(true);
            if (!phones.isEmpty()) {
                world.contactReachable(pick(phones), 600 + rnd.nextInt(20000));
            }
        }
        if (tick % 200 == 100) {
            togglePause();
        }
        world.emitRtcpDue();
        world.noise(rnd.nextInt(4));
    }

    private void advanceCalls() {
        for (Iterator<Live> it = live.iterator(); it.hasNext();) {
            Live l = it.next();
            if (l.call.isEnded()) {
                it.remove();
                continue;
            }
            if (tick == l.answerAt) {
                world.answer(l.call); // a queued call leaves its queue: QueueCallerLeave, AgentConnect
            }
            if (tick >= l.hangupAt) {
                if (l.call.isAnswered()) {
                    world.hangup(l.call, 16);
                } else {
                    // a queued caller abandons (QueueCallerAbandon) by hanging up: CANCEL
                    world.endUnanswered(l.call, l.outcome != null ? l.outcome : DialStatus.CANCEL);
                }
                it.remove();
            }
        }
    }

    /** The scripted part of the cycle: quality of the first trunk, dial outcomes, queue burst, no media. */
    private void script(int phase) {
        List<String> trunks = views.trunks();
        List<String> phones = views.phones(true);
        if (trunks.isEmpty() || phones.isEmpty()) {
            return;
        }
        String bad = trunks.get(0);
        if (phase >= DEGRADE_FROM && phase < DEGRADE_TO && (phase - DEGRADE_FROM) % 8 == 0) {
            world.setEndpointQuality(bad, new Quality(round(55 + 10 * rnd.nextDouble(), 10),
                    round(0.030 + 0.030 * rnd.nextDouble(), 10_000), round(0.03 + 0.05 * rnd.nextDouble(), 1000),
                    round(0.250 + 0.150 * rnd.nextDouble(), 1000)));
        } else if (phase == DEGRADE_TO) {
            world.setEndpointQuality(bad, null);
        }
        if (phase == NO_MEDIA_AT) {
            SimCall call = world.startLocalCall(pick(phones));
            world.setQuality(call, Quality.NO_MEDIA);
            live.add(new Live(call, tick + 4, tick + 40, null));
        }
        if (phase == BAD_TRUNK_CALL_AT) {
            live.add(new Live(world.startCall(bad, pick(phones)), tick + 4, tick + (DEGRADE_TO - 10 - phase), null));
        }
        for (int i = 0; i < OUTCOME_AT.length; i++) {
            if (phase == OUTCOME_AT[i]) {
                live.add(unanswered(world.startCall(pick(phones), bad), OUTCOMES[i]));
            }
        }
        List<String> queues = views.queueNames();
        for (int i = 0; i < BURST.length && !queues.isEmpty(); i++) {
            if (phase == BURST[i]) {
                SimCall call = queueCall(queues.get(0), trunks, phones);
                if (i == 0) {
                    live.add(new Live(call, tick + 12, tick + 12 + 40 + rnd.nextInt(120), null));
                } else if (i % 3 == 1) {
                    live.add(new Live(call, -1, tick + 70 + rnd.nextInt(60), null)); // abandons after 17–32 s
                } else {
                    long answerAt = tick + 84 + rnd.nextInt(60); // answered after 21–36 s
                    live.add(new Live(call, answerAt, answerAt + 20 + rnd.nextInt(120), null));
                }
            }
        }
    }

    private void startSomething() {
        List<String> phones = views.phones(true);
        if (phones.size() < 2) {
            return;
        }
        List<String> trunks = views.trunks();
        List<String> queues = views.queueNames();
        int kind = rnd.nextInt(100);
        if (kind < 45 || trunks.isEmpty()) {
            String from = pick(phones);
            String to = pick(phones);
            if (!to.equals(from)) {
                ordinary(world.startCall(from, to), DialStatus.BUSY, DialStatus.NOANSWER, DialStatus.CANCEL);
            }
        } else if (kind < 65) {
            ordinary(world.startCall(pick(phones), pick(trunks)), DialStatus.BUSY, DialStatus.NOANSWER,
                    DialStatus.CONGESTION, DialStatus.CANCEL);
        } else if (kind < 80 || queues.isEmpty()) {
            ordinary(world.startCall(pick(trunks), pick(phones)), DialStatus.NOANSWER, DialStatus.CANCEL);
        } else if (kind < 90) {
            SimCall call = world.startLocalCall(pick(phones));
            if (rnd.nextInt(3) == 0) {
                world.setQuality(call, Quality.NO_MEDIA);
            }
            ordinary(call, DialStatus.NOANSWER, DialStatus.CANCEL);
        } else {
            String queue = pick(queues);
            boolean hot = queue.equals(queues.get(0));
            SimCall call = queueCall(queue, trunks, phones);
            if (rnd.nextInt(hot ? 10 : 3) == 0) {
                live.add(new Live(call, -1, tick + 8 + rnd.nextInt(hot ? 40 : 60), null));
            } else {
                long answerAt = tick + 2 + rnd.nextInt(hot ? 14 : 40);
                live.add(new Live(call, answerAt, answerAt + 8 + rnd.nextInt(160), null));
            }
        }
    }

    /** Answered five times in six and then talks for 2–42 s; otherwise ends with one of {@code outcomes}. */
    private void ordinary(SimCall call, DialStatus... outcomes) {
        if (rnd.nextInt(6) != 0) {
            long answerAt = tick + 2 + rnd.nextInt(12);
            live.add(new Live(call, answerAt, answerAt + 8 + rnd.nextInt(160), null));
        } else {
            live.add(unanswered(call, outcomes[rnd.nextInt(outcomes.length)]));
        }
    }

    /** Rings as long as the outcome takes: busy and congestion at once, no answer at the 30 s Dial timeout. */
    private Live unanswered(SimCall call, DialStatus outcome) {
        long ring = switch (outcome) {
            case BUSY -> 2 + rnd.nextInt(6);
            case CONGESTION, CHANUNAVAIL -> 1 + rnd.nextInt(4);
            case NOANSWER -> 120;
            case CANCEL -> 10 + rnd.nextInt(50);
        };
        return new Live(call, -1, tick + ring, outcome);
    }

    /** A caller from a trunk waiting in {@code queue} for one of its registered PJSIP members (else any phone). */
    private SimCall queueCall(String queue, List<String> trunks, List<String> phones) {
        List<String> agents = new ArrayList<>(views.memberEndpoints(queue));
        agents.retainAll(phones);
        SimCall call = world.startCall(pick(trunks), pick(agents.isEmpty() ? phones : agents));
        world.queueJoin(queue, call);
        return call;
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }

    private void toggleRegistration() {
        List<String> all = views.phones(false);
        if (all.isEmpty()) {
            return;
        }
        String p = pick(all);
        for (Live l : live) {
            if (l.call.channels().stream().anyMatch(c -> c.startsWith("PJSIP/" + p + "-"))) {
                return;
            }
        }
        if (world.isRegistered(p)) {
            world.unregisterEndpoint(p);
        } else {
            world.registerEndpoint(p);
        }
    }

    private void togglePause() {
        for (String q : views.queueNames()) {
            List<String> members = views.localMembers(q);
            if (!members.isEmpty()) {
                String m = pick(members);
                world.queueMemberStatus(q, m, DevState.NOT_INUSE.code, !views.memberPaused(q, m));
                return;
            }
        }
    }

    private String pick(List<String> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Live l : live) {
            try {
                world.hangup(l.call, 16);
            } catch (RuntimeException ignored) {
                // world may be in any state
            }
        }
        live.clear();
    }
}
