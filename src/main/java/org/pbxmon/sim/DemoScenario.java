package org.pbxmon.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * An endless, lively scenario on a world, deterministic for a seed (the sequence of decisions depends
 * only on the seed; a tick is 250 ms): calls start, ring, are answered and hung up; queue callers join
 * and leave or abandon; an extension registers or unregisters now and then; the first outbound
 * registration fails and recovers every two minutes; the IAX2 trunk lags now and then; noise events.
 */
public final class DemoScenario implements AutoCloseable {
    static final long TICK_MS = 250;
    private static final int MAX_CALLS = 8;

    private final SimWorld world;
    private final Random rnd;
    private final Thread thread;
    private final List<Live> live = new ArrayList<>();
    private volatile boolean running = true;
    private long tick;

    private static final class Live {
        final SimCall call;
        final long answerAt;
        final long hangupAt;
        final String queue;
        final boolean abandon;

        Live(SimCall call, long answerAt, long hangupAt, String queue, boolean abandon) {
            this.call = call;
            this.answerAt = answerAt;
            this.hangupAt = hangupAt;
            this.queue = queue;
            this.abandon = abandon;
        }
    }

    private DemoScenario(SimWorld world, long seed) {
        this.world = world;
        this.rnd = new Random(seed);
        this.thread = new Thread(this::loop, "ami-sim-demo");
        this.thread.setDaemon(true);
    }

    public static DemoScenario start(SimWorld world, long seed) {
        DemoScenario d = new DemoScenario(world, seed);
        d.thread.start();
        return d;
    }

    /** A scenario whose thread is not started: tests drive it with {@link #step()}. */
    static DemoScenario unstarted(SimWorld world, long seed) {
        return new DemoScenario(world, seed);
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
        if (tick % 120 == 60) {
            toggleRegistration();
        }
        List<String> regs = world.registrationNames();
        if (!regs.isEmpty()) {
            String reg = regs.contains("carrier-reg") ? "carrier-reg" : regs.get(0);
            long phase = tick % 480;
            if (phase == 240 || phase > 240 && phase < 320 && phase % 40 == 0) {
                world.registrationStatus(reg, "Rejected");
            } else if (phase == 320) {
                world.registrationStatus(reg, "Registered");
            }
        }
        List<String> iax = world.iaxEnabled() ? world.iaxTrunks() : List.of();
        if (!iax.isEmpty()) {
            long phase = tick % 600;
            if (phase == 300) {
                world.iaxPeerStatus(iax.get(0), "LAGGED (" + (700 + rnd.nextInt(400)) + " ms)");
            } else if (phase == 340) {
                world.iaxPeerStatus(iax.get(0), "OK (" + (8 + rnd.nextInt(10)) + " ms)");
            }
        }
        if (tick % 20 == 10) {
            List<String> phones = world.phones(true);
            if (!phones.isEmpty()) {
                world.contactReachable(pick(phones), 600 + rnd.nextInt(20000));
            }
        }
        if (tick % 200 == 100) {
            togglePause();
        }
        world.noise(rnd.nextInt(4));
    }

    private void advanceCalls() {
        for (Iterator<Live> it = live.iterator(); it.hasNext();) {
            Live l = it.next();
            if (l.call.isEnded()) {
                it.remove();
                continue;
            }
            if (tick == l.answerAt && !l.abandon) {
                world.answer(l.call);
                if (l.queue != null) {
                    world.queueLeave(l.queue, l.call);
                }
            }
            if (tick >= l.hangupAt) {
                if (l.abandon && l.queue != null) {
                    world.queueAbandon(l.queue, l.call);
                }
                int cause = l.call.isAnswered() ? 16 : (rnd.nextInt(3) == 0 ? 17 : 19);
                world.hangup(l.call, cause);
                it.remove();
            }
        }
    }

    private void startSomething() {
        List<String> phones = world.phones(true);
        if (phones.size() < 2) {
            return;
        }
        List<String> trunks = world.trunks();
        List<String> queues = world.queueNames();
        int kind = rnd.nextInt(100);
        SimCall call;
        String queue = null;
        boolean abandon = false;
        if (kind < 45 || trunks.isEmpty()) {
            String from = pick(phones);
            String to = pick(phones);
            if (to.equals(from)) {
                return;
            }
            call = world.startCall(from, to);
        } else if (kind < 65) {
            call = world.startCall(pick(phones), pick(trunks));
        } else if (kind < 80 || queues.isEmpty()) {
            call = world.startCall(pick(trunks), pick(phones));
        } else if (kind < 90) {
            call = world.startLocalCall(pick(phones));
        } else {
            call = world.startCall(pick(trunks), pick(phones));
            queue = pick(queues);
            abandon = rnd.nextInt(3) == 0;
            world.queueJoin(queue, call);
        }
        boolean answers = abandon || rnd.nextInt(6) != 0;
        long answerAt = tick + 2 + rnd.nextInt(queue != null ? 40 : 12);
        long hangupAt = answers ? answerAt + 8 + rnd.nextInt(160) : tick + 10 + rnd.nextInt(50);
        live.add(new Live(call, answers && !abandon ? answerAt : -1, hangupAt, queue, abandon));
    }

    private void toggleRegistration() {
        List<String> all = world.phones(false);
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
        for (String q : world.queueNames()) {
            List<String> members = world.localMembers(q);
            if (!members.isEmpty()) {
                String m = pick(members);
                world.queueMemberStatus(q, m, DevState.NOT_INUSE.code, !world.memberPaused(q, m));
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
