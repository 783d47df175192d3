package org.pbxmon.artefacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.agent.Agent;
import org.pbxmon.agent.DemoPbx;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.config.TrunkRules;
import org.pbxmon.testing.Await;

/**
 * Every metric name read by a shipped artefact (alert and recording rules and their unit tests,
 * dashboard targets, annotations and variables) is in the live /metrics of an agent watching the
 * demo, which touches every source: AMI (the simulator with trunks, registrations, queues and
 * calls with quality), CEL (the demo's table over the MariaDB protocol), the Itgrix and Webim
 * probes (license, storager), incidents and the callback outbox; plus, added here, a trunk
 * capacity and a certificate file, which the demo lacks. Recording-rule outputs must be defined by
 * a rule instead. The Zabbix template reads no Prometheus key (only /zabbix JSON), so it has no
 * name to check here.
 */
class ArtefactMetricNamesIT {
    private static final Duration T = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private DemoPbx demo;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyNameAnArtefactReadsIsExposed() throws Exception {
        demo = DemoPbx.start();
        AgentConfig base = demo.config("127.0.0.1", 0);
        List<PbxConfig> pbxes = new ArrayList<>();
        for (PbxConfig p : base.pbxes()) {
            TrunkRules t = p.trunks();
            pbxes.add(new PbxConfig(p.name(), p.ami(), new TrunkRules(t.names(), t.extensions(), t.match(),
                    Map.of("carrier", 30)), p.stuckCallThreshold(), p.cel(), p.quality()));
        }
        List<ProbeConfig.Certificate> certs = new ArrayList<>(base.certificates());
        Path pem = pem();
        certs.add(new ProbeConfig.Certificate(pem.toString(), null, 0, pem, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        AgentConfig config = new AgentConfig(base.http(), pbxes, base.publishInterval(), base.origin(), base.probes(),
                certs, base.incidents());
        agent = new Agent(config).withRoute(demo.callbacksRoute()).start();

        Map<String, String> exprs = new TreeMap<>(MetricNames.ruleExpressions());
        exprs.putAll(MetricNames.dashboardExpressions());
        Set<String> recorded = MetricNames.recorded();
        Set<String> exposed = new TreeSet<>();
        long deadline = System.nanoTime() + T.toNanos();
        Map<String, String> missing;
        while (true) {
            exposed.addAll(MetricNames.exposed(metrics(agent.port())));
            missing = MetricNames.missing(exprs, exposed, recorded);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Await.sleep(3000);
        }
        assertEquals(Map.of(), missing, "names read by an artefact but absent from the live /metrics");
    }

    private Path pem() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path ks = dir.resolve("c.p12");
        Path pem = dir.resolve("c.pem");
        run(keytool, "-genkeypair", "-alias", "c", "-keyalg", "EC", "-dname", "CN=demo", "-validity", "60",
                "-keystore", ks.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        run(keytool, "-exportcert", "-rfc", "-alias", "c", "-keystore", ks.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        if (!Files.isRegularFile(pem)) {
            throw new IllegalStateException("keytool wrote no " + pem);
        }
        return pem;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static String metrics(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
