package org.pbxmon.agent;

import java.io.IOException;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.DemoScenario;
import org.pbxmon.sim.SimWorld;

/** The simulated PBX behind {@code --demo}: the AMI simulator on a loopback port and its endless scenario. */
public final class DemoPbx implements AutoCloseable {
    private final AmiSimulator sim;
    private final DemoScenario scenario;

    private DemoPbx(AmiSimulator sim, DemoScenario scenario) {
        this.sim = sim;
        this.scenario = scenario;
    }

    public static DemoPbx start() throws IOException {
        SimWorld world = SimWorld.demo();
        AmiSimulator sim = AmiSimulator.start(world, "pbxmon", "demo");
        return new DemoPbx(sim, DemoScenario.start(world, 42));
    }

    public int port() {
        return sim.port();
    }

    @Override
    public void close() {
        scenario.close();
        sim.close();
    }
}
