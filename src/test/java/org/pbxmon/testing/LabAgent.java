package org.pbxmon.testing;

import java.util.List;
import java.util.Map;
import org.pbxmon.agent.Agent;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigException;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.sim.AmiSimulator;

/** An agent on an ephemeral loopback port, watching one or more simulators. */
public final class LabAgent implements AutoCloseable {
    public static final String USER = "admin";
    public static final String PASSWORD = "s3cret-http";
    /** The AMI user and secret of {@link #pbxYaml} (for a {@link ScriptedAmi} the agent should log in to). */
    public static final String AMI_USER = "pbxmon";
    public static final String AMI_SECRET = "sim-secret";
    private final Agent agent;

    private LabAgent(Agent agent) {
        this.agent = agent;
    }

    /** Fast timings so that tests of reconnect and half-open detection take seconds. */
    public static String pbxYaml(String name, AmiSimulator sim, String extra) {
        return pbxYaml(name, sim.port(), extra);
    }

    /** The same for any AMI server on 127.0.0.1:port (e.g. a {@link ScriptedAmi}), as AMI_USER / AMI_SECRET. */
    public static String pbxYaml(String name, int port, String extra) {
        return """
                  - name: %s
                    ami:
                      host: 127.0.0.1
                      port: %d
                      username: pbxmon
                      secret: ${AMI_SECRET}
                      connect_timeout: 1s
                      ping_interval: 1s
                      response_timeout: 1s
                      read_timeout: 3s
                      reconnect_backoff_max: 1s
                %s""".formatted(name, port, extra == null ? "" : extra);
    }

    public static LabAgent start(String... pbxYamls) throws Exception {
        String yaml = """
                http:
                  listen: 127.0.0.1:0
                  users:
                    - username: %s
                      password: %s
                publish_interval: 50ms
                pbx:
                %s""".formatted(USER, PASSWORD, String.join("", pbxYamls));
        return new LabAgent(new Agent(config(yaml)).start());
    }

    public static AgentConfig config(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "<test>", Map.of("AMI_SECRET", AMI_SECRET));
    }

    public int port() {
        return agent.port();
    }

    public Agent agent() {
        return agent;
    }

    public Map<String, Double> metrics() {
        return Http.metrics(port());
    }

    public Double metric(String series) {
        return metrics().get(series);
    }

    public List<String> seriesStartingWith(String prefix) {
        return metrics().keySet().stream().filter(s -> s.startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        agent.close();
    }
}
