package org.pbxmon.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator standalone:
 * {@code --port N --world lab|demo|scale --user U --secret S [--endpoints 5000 --registrations 200
 * --queues 50 --calls 500] [--demo-seed 1] [--bind 127.0.0.1]}. Prints the bound port on stdout.
 * The demo world always runs a {@link DemoScenario}; other worlds run one when --demo-seed is given.
 */
public final class SimMain {
    private SimMain() {
    }

    public static void main(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                return;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("bad argument: " + a);
                usage();
                System.exit(2);
                return;
            }
            opt.put(a.substring(2), args[++i]);
        }
        try {
            run(opt);
        } catch (IOException | RuntimeException e) {
            System.err.println("simulator failed: " + e);
            System.exit(1);
        }
    }

    private static void run(Map<String, String> opt) throws IOException {
        String worldName = opt.getOrDefault("world", "lab");
        SimWorld world;
        switch (worldName) {
            case "lab":
                world = SimWorld.lab();
                break;
            case "demo":
                world = SimWorld.demo();
                break;
            case "scale":
                world = SimWorld.scale(num(opt, "endpoints", 5000), num(opt, "registrations", 200),
                        num(opt, "queues", 50), num(opt, "calls", 500));
                break;
            default:
                throw new IllegalArgumentException("unknown world: " + worldName);
        }
        InetAddress bind = InetAddress.getByName(opt.getOrDefault("bind", "127.0.0.1"));
        AmiSimulator sim = AmiSimulator.start(world, opt.getOrDefault("user", "monitor"),
                opt.getOrDefault("secret", "monitor-secret"), bind, num(opt, "port", 5038));
        DemoScenario demo = null;
        if (opt.containsKey("demo-seed") || worldName.equals("demo")) {
            demo = DemoScenario.start(world, Long.parseLong(opt.getOrDefault("demo-seed", "1")));
        }
        System.out.println(sim.port());
        System.out.flush();
        System.err.println("pbxmon AMI simulator: world " + worldName + " on " + bind.getHostAddress() + ":"
                + sim.port() + (demo != null ? " with demo scenario" : ""));
        CountDownLatch done = new CountDownLatch(1);
        DemoScenario d = demo;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (d != null) {
                d.close();
            }
            sim.close();
            done.countDown();
        }, "ami-sim-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int num(Map<String, String> opt, String key, int def) {
        String v = opt.get(key);
        return v == null ? def : Integer.parseInt(v);
    }

    private static void usage() {
        System.err.println("usage: SimMain --port N --world lab|demo|scale --user U --secret S"
                + " [--endpoints 5000 --registrations 200 --queues 50 --calls 500] [--demo-seed 1]"
                + " [--bind 127.0.0.1]");
    }
}
