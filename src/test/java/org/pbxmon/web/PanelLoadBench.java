package org.pbxmon.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.agent.Agent;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.LabAgent;

/**
 * Load of the live panel (not a test): an agent watching the demo simulator, which changes an
 * extension's contact (unreachable, or reachable with a new RTT) {@code rate} times a second, and N stream viewers on loopback plus one
 * stalled viewer that never reads. For each update (SSE diff event) every viewer receives, the latency
 * from the broadcaster building it ("now" in the event) to its arrival; every viewer must receive every
 * update (consecutive seq) within 1 s, and the stalled one must be dropped. Each run measures a
 * 1-viewer baseline, then N viewers.
 *
 * <p>Usage: {@code bench/run panel [clients=200] [seconds=30] [runs=3] [events_per_s=100]}
 */
public final class PanelLoadBench {
    record Result(int clients, long updates, long[] latencies, long gaps, boolean stalledDropped, long simEvents) {
        long pct(double p) {
            return latencies.length == 0 ? -1 : latencies[(int) Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        System.out.printf("panel load: %d viewers + 1 stalled, %d s, %d runs, %d sim events/s, %d cores%n", clients,
                seconds, runs, rate, Runtime.getRuntime().availableProcessors());
        List<Result> base = new ArrayList<>();
        List<Result> load = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            base.add(run(1, seconds, rate, false));
            print("run " + r + " baseline", base.get(base.size() - 1));
            load.add(run(clients, seconds, rate, true));
            print("run " + r + " load", load.get(load.size() - 1));
        }
        summary("baseline (1 viewer)", base);
        summary(clients + " viewers + 1 stalled", load);
    }

    private static void print(String what, Result r) {
        System.out.printf("%s: viewers=%d updates/viewer=%d deliveries=%d gaps=%d p50=%d ms p99=%d ms max=%d ms"
                + " within1s=%s stalledDropped=%s simEvents=%d%n", what, r.clients, r.updates, r.latencies.length, r.gaps,
                r.pct(0.5), r.pct(0.99), r.pct(1.0), r.pct(1.0) < 1000 && r.gaps == 0, r.stalledDropped, r.simEvents);
    }

    private static void summary(String what, List<Result> rs) {
        System.out.printf("MEDIAN %s: p50=%d ms p99=%d ms max=%d ms (of %d runs; every run within 1 s and gap-free: %s;"
                + " stalled dropped in every run: %s)%n", what, median(rs, 0.5), median(rs, 0.99), median(rs, 1.0),
                rs.size(), rs.stream().allMatch(r -> r.gaps == 0 && r.pct(1.0) < 1000),
                rs.stream().allMatch(r -> r.stalledDropped || r.clients == 1));
    }

    private static long median(List<Result> rs, double p) {
        long[] v = rs.stream().mapToLong(r -> r.pct(p)).sorted().toArray();
        return v[v.length / 2];
    }

    static Result run(int clients, int seconds, int rate, boolean stall) throws Exception {
        SimWorld world = SimWorld.demo();
        try (AmiSimulator sim = AmiSimulator.start(world, LabAgent.AMI_USER, LabAgent.AMI_SECRET);
                LabAgent lab = LabAgent.start(LabAgent.pbxYaml("demo", sim, ""))) {
            Agent agent = lab.agent();
            long until = System.currentTimeMillis() + 30_000;
            while (!Boolean.TRUE.equals(agent.store().get("demo") != null && agent.store().get("demo").live())
                    && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            SseClient stalled = stall ? new SseClient(lab.port(), LabAgent.USER, LabAgent.PASSWORD, 2048, false) : null;
            List<SseClient> viewers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                SseClient c = new SseClient(lab.port(), LabAgent.USER, LabAgent.PASSWORD, 0, true);
                if (c.status != 200) {
                    throw new IllegalStateException("viewer " + i + " got " + c.status);
                }
                viewers.add(c);
            }
            for (SseClient c : viewers) {
                if (c.next(10_000) == null) {
                    throw new IllegalStateException("no full state");
                }
                c.events.clear();
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong simEvents = new AtomicLong();
            List<String> names = world.endpointNames().stream().filter(n -> n.matches("2\\d\\d")).toList();
            Thread gen = new Thread(() -> {
                Random rnd = new Random(7);
                long next = System.nanoTime();
                while (!stop.get()) {
                    String name = names.get(rnd.nextInt(names.size()));
                    if (rnd.nextBoolean()) {
                        world.contactUnreachable(name);
                    } else {
                        world.contactReachable(name, 1000 + rnd.nextInt(50_000));
                    }
                    simEvents.incrementAndGet();
                    next += 1_000_000_000L / rate;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        try {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "panel-bench-gen");
            gen.start();
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            gen.join();
            Thread.sleep(1500); // the last updates drain
            List<Long> lat = new ArrayList<>();
            long gaps = 0;
            long updates = -1;
            for (SseClient c : viewers) {
                long prev = -1;
                long n = 0;
                for (SseClient.Event e : c.events) {
                    if (!e.type().equals("diff")) {
                        continue;
                    }
                    long seq = e.data().get("seq").asLong();
                    if (prev >= 0 && seq != prev + 1) {
                        gaps++;
                    }
                    prev = seq;
                    n++;
                    lat.add(e.arrivedMs() - e.data().get("now").asLong());
                }
                updates = updates < 0 ? n : Math.min(updates, n);
                if (c.ended) {
                    gaps++; // a reading viewer must never be cut
                }
            }
            boolean dropped = stalled != null && agent.panel().subscribers() == clients;
            if (stalled != null) {
                stalled.close();
            }
            viewers.forEach(SseClient::close);
            long[] sorted = lat.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return new Result(clients, updates, sorted, gaps, dropped, simEvents.get());
        }
    }
}
