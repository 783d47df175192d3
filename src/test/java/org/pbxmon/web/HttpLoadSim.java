package org.pbxmon.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.DemoScenario;
import org.pbxmon.sim.EventBurst;
import org.pbxmon.sim.SimWorld;

/**
 * The simulator side of {@code bench/http-load} (not a test): the demo world with its scenario, plus a
 * steady stream of real-mix events, {@code rate} per second in bursts every 100 ms, to every session.
 * Usage: {@code HttpLoadSim PORT SECRET [RATE=1000]}. Prints the events sent every minute on stderr.
 */
public final class HttpLoadSim {
    private HttpLoadSim() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        SimWorld world = SimWorld.demo();
        AmiSimulator sim = AmiSimulator.start(world, "pbxmon", args[1], port);
        DemoScenario scenario = DemoScenario.start(world, 42);
        AtomicLong sent = new AtomicLong();
        AtomicLong first = new AtomicLong();
        ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor();
        tick.scheduleAtFixedRate(() -> {
            // Top up to rate * elapsed since the first delivered burst, so a slow burst is made up for.
            long now = System.nanoTime();
            long since = first.get() == 0 ? 0 : now - first.get();
            long due = first.get() == 0 ? rate / 10 : rate * since / 1_000_000_000L - sent.get();
            if (due > 0 && EventBurst.send(sim, (int) Math.min(due, rate)) > 0) {
                first.compareAndSet(0, now);
                sent.addAndGet(Math.min(due, rate));
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        tick.scheduleAtFixedRate(() -> System.err.printf("sim: %d events sent, %.0f/s%n", sent.get(),
                first.get() == 0 ? 0.0 : sent.get() / ((System.nanoTime() - first.get()) / 1e9)), 60, 60,
                TimeUnit.SECONDS);
        System.out.println(sim.port());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tick.shutdownNow();
            scenario.close();
            sim.close();
        }));
        new CountDownLatch(1).await();
    }
}
