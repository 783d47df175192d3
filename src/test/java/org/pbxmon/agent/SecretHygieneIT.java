package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;
import org.slf4j.LoggerFactory;

/**
 * Asterisk sends outbound-auth passwords in clear (AuthDetail in PJSIPShowRegistrationsOutbound).
 * With every logger at DEBUG, a full sync, a reconnect and a failed login, no log line, no /status
 * and no /metrics holds a password or the AMI secret.
 */
class SecretHygieneIT {
    private static final List<String> SECRETS = List.of("sim-secret", "not-the-password", "trunk-secret", LabAgent.PASSWORD);

    @Test
    void noSecretInLogsStatusOrMetrics() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger aj = (Logger) LoggerFactory.getLogger("org.asteriskjava");
        Logger attrs = (Logger) LoggerFactory.getLogger("org.asteriskjava.manager.util.EventAttributesHelper");
        Level rootLevel = root.getLevel();
        Level ajLevel = aj.getLevel();
        Level attrsLevel = attrs.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        aj.setLevel(Level.DEBUG);
        attrs.setLevel(Level.DEBUG);
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), "pbxmon", "sim-secret");
                AmiSimulator wrong = AmiSimulator.start(SimWorld.lab(), "pbxmon", "another-secret");
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", sim, ""), LabAgent.pbxYaml("wrong", wrong, ""))) {
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
            sim.dropConnections();
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_ami_reconnects_total{pbx=\"lab\"}"), 1.0, "reconnected");
            Await.until(Duration.ofSeconds(10), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up again");
            String status = Http.get(agent.port(), "/status", LabAgent.USER, LabAgent.PASSWORD).body();
            String metrics = Http.get(agent.port(), "/metrics").body();
            String config = agent.agent().toString();
            for (String secret : SECRETS) {
                assertFalse(status.contains(secret), "/status holds " + secret);
                assertFalse(metrics.contains(secret), "/metrics holds " + secret);
                assertFalse(config.contains(secret), "Agent.toString holds " + secret);
            }
            assertTrue(status.contains("pbxmon@127.0.0.1:" + sim.port()), "source shown as user@host:port");
        } finally {
            root.detachAppender(logs);
            root.setLevel(rootLevel);
            aj.setLevel(ajLevel);
            attrs.setLevel(attrsLevel);
        }
        assertTrue(logs.list.size() > 5, "logs were captured: " + logs.list.size());
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String secret : SECRETS) {
                assertFalse(line.contains(secret), "log line holds " + secret + ": " + line);
            }
        }
    }
}
