package org.pbxmon.agent;

import java.io.IOException;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.demo.DemoServices;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.DemoScenario;
import org.pbxmon.sim.SimWorld;

/**
 * The simulated world behind {@code --demo}, all in-process on loopback: the AMI simulator and its
 * endless scenario, plus {@link DemoServices} (the CEL table the calls fill, the Itgrix connector's
 * status API, a Webim backend's monitoring API). {@link #config} is the agent config that watches it all.
 */
public final class DemoPbx implements AutoCloseable {
    private final AmiSimulator sim;
    private final DemoScenario scenario;
    private final DemoServices services;
    private final java.nio.file.Path stateDir;

    private DemoPbx(AmiSimulator sim, DemoScenario scenario, DemoServices services, java.nio.file.Path stateDir) {
        this.sim = sim;
        this.scenario = scenario;
        this.services = services;
        this.stateDir = stateDir;
    }

    public static DemoPbx start() throws IOException {
        SimWorld world = SimWorld.demo();
        DemoServices services = DemoServices.start(world); // before the first call, so that every call has CEL rows
        AmiSimulator sim;
        java.nio.file.Path state;
        try {
            state = java.nio.file.Files.createTempDirectory("pbxmon-demo-state-");
            sim = AmiSimulator.start(world, "pbxmon", "demo");
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
        return new DemoPbx(sim, DemoScenario.start(world, 42), services, state);
    }

    /** The AMI port. */
    public int port() {
        return sim.port();
    }

    public DemoServices services() {
        return services;
    }

    /** The agent config of the demo: this PBX, its CEL table and the two probes; HTTP on {@code host:httpPort}. */
    public AgentConfig config(String host, int httpPort) {
        return ConfigLoader.demo(sim.port(), host, httpPort, services.celPort(), services.itgrixPort(),
                services.webimPort()).withIncidents(ConfigLoader.demoIncidents(stateDir, services.callbacks().url(),
                        org.pbxmon.demo.CallbackReceiver.SECRET));
    }

    /** The route that lists what the demo's callback receiver got: {@code GET /demo/callbacks}, group status. */
    public org.pbxmon.web.Route callbacksRoute() {
        return new org.pbxmon.web.Route("/demo/callbacks", "status", services.callbacks().listing());
    }

    /** The demo's incident store directory (a temporary one, removed at close). */
    public java.nio.file.Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        scenario.close();
        sim.close();
        services.close();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
