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

    private DemoPbx(AmiSimulator sim, DemoScenario scenario, DemoServices services) {
        this.sim = sim;
        this.scenario = scenario;
        this.services = services;
    }

    public static DemoPbx start() throws IOException {
        SimWorld world = SimWorld.demo();
        DemoServices services = DemoServices.start(world); // before the first call, so that every call has CEL rows
        AmiSimulator sim;
        try {
            sim = AmiSimulator.start(world, "pbxmon", "demo");
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
        return new DemoPbx(sim, DemoScenario.start(world, 42), services);
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
                services.webimPort());
    }

    @Override
    public void close() {
        scenario.close();
        sim.close();
        services.close();
    }
}
