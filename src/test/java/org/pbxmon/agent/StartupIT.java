package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.ScriptedAmi;

/** Start-up as an admin meets it: a taken port, nohup, and the landing page. */
class StartupIT {
    @TempDir
    Path dir;

    private Path config(int httpPort, int amiPort) throws Exception {
        Path f = dir.resolve("pbxmon.yml");
        Files.writeString(f, """
                http:
                  listen: 127.0.0.1:%d
                  users: [{username: admin, password: pw}]
                pbx:
                  - name: main
                    ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                """.formatted(httpPort, amiPort, LabAgent.AMI_USER, LabAgent.AMI_SECRET));
        return f;
    }

    private static Process java(String... args) throws Exception {
        String[] cmd = new String[args.length + 4];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = "org.pbxmon.Main";
        System.arraycopy(args, 0, cmd, 4, args.length);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void aTakenPortStopsTheAgentBeforeAnyPbxSeesALogin() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET);
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path cfg = config(taken.getLocalPort(), ami.port());
            Process p = java("--config", cfg.toString());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the agent exits");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), out);
            assertTrue(out.contains("http.listen in " + cfg), "names the config key and file: " + out);
            assertEquals(0, ami.connectTimes().size(), "no AMI connection, let alone a login");
        }
    }

    /** In process, as an embedder or a test harness starts it: a failed start leaves no thread behind. */
    @Test
    void aFailedStartLeavesNoPanelThreadRunning() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
            Path notADir = Files.writeString(dir.resolve("state-is-a-file"), "x");
            Path cfg = config(0, ami.port());
            Files.writeString(cfg, Files.readString(cfg) + """
                    incidents:
                      store: {type: h2, state_dir: "%s"}
                    """.formatted(notADir));
            long before = panelThreads();
            Agent agent = new Agent(org.pbxmon.config.ConfigLoader.load(cfg));
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, agent::start);
            assertTrue(e.getMessage().contains("incidents.store in " + cfg), e.getMessage());
            Await.until(Duration.ofSeconds(20), StartupIT::panelThreads, before, "the panel broadcaster stopped");
            assertEquals(0, ami.connectTimes().size(), "no AMI connection");
        }
    }

    private static long panelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("pbxmon-panel-broadcast")).count();
    }

    @Test
    void underNohupTheAgentSaysSighupCannotReload() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
            Path cfg = config(0, ami.port());
            String[] cmd = {"nohup", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.pbxmon.Main", "--config", cfg.toString()};
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String l; (l = r.readLine()) != null;) {
                            if (l.contains("SIGHUP")) {
                                return l;
                            }
                        }
                    } catch (java.io.IOException e) {
                        return "read failed: " + e;
                    }
                    return "no SIGHUP line";
                });
                String l = line.get(60, TimeUnit.SECONDS);
                assertTrue(l.contains("SIGHUP is ignored") && l.contains("POST /monitor/reload"), l);
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theLandingPageNamesThePbxesAndLinksTheOpenEndpoints() throws Exception {
        try (ScriptedAmi ami = ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET);
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), ""))) {
            Await.until(Duration.ofSeconds(30), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
            HttpResponse<String> r = Http.get(agent.port(), "/");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            String page = r.body();
            assertTrue(page.contains("<td>lab</td>") && page.contains("up, synced"), page);
            assertTrue(page.contains("href=\"./metrics\""), "metrics is open by default: " + page);
            assertTrue(page.contains("href=\"./-/healthy\""), page);
            assertFalse(page.contains("href=\"./status\""), "status needs credentials: named, not linked");
            assertTrue(page.contains("<code>/status</code>"), page);
            assertFalse(page.contains(LabAgent.AMI_SECRET));
            assertEquals(404, Http.get(agent.port(), "/nothing-here").statusCode(), "only / itself is the landing page");
        }
    }
}
