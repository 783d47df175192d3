package org.pbxmon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.pbxmon.agent.Agent;
import org.pbxmon.agent.Cli;
import org.pbxmon.agent.DemoPbx;
import org.pbxmon.agent.Version;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigException;
import org.pbxmon.config.ConfigLoader;

/** CLI → config → {@link Agent}; nothing else. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err, true));
    }

    /** Runs the CLI; returns the exit code. With {@code block} false it returns once serving (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err, boolean block) throws Exception {
        Cli cli;
        try {
            cli = Cli.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("pbxmon: " + e.getMessage());
            err.println(Cli.USAGE);
            return 2;
        }
        if (cli.help()) {
            out.println(Cli.USAGE);
            return 0;
        }
        if (cli.version()) {
            out.println("pbxmon " + Version.version() + " (" + Version.revision() + ")");
            return 0;
        }
        DemoPbx demo = null;
        AgentConfig config;
        if (cli.demo()) {
            demo = DemoPbx.start();
            config = demo.config(cli.listenHost() != null ? cli.listenHost() : "127.0.0.1",
                    cli.listenPort() != null ? cli.listenPort() : 10089);
        } else {
            try {
                config = ConfigLoader.load(Path.of(cli.config()));
            } catch (ConfigException e) {
                err.println("pbxmon: invalid config " + cli.config() + ":");
                e.problems().forEach(p -> err.println("  " + p));
                return 1;
            }
            List<String> missing = config.http().credentialProblems();
            if (!missing.isEmpty()) {
                err.println("pbxmon: invalid config " + cli.config() + ":");
                missing.forEach(p -> err.println("  " + p));
                return 1;
            }
            if (cli.checkConfig()) {
                out.println("config " + cli.config() + " is valid: " + config.pbxes().size() + " PBX(es)");
                return 0;
            }
            config = cli.withListen(config);
        }
        Agent agent;
        try {
            agent = new Agent(config);
            if (demo != null) {
                agent.withRoute(demo.callbacksRoute());
            }
            if (!cli.demo()) {
                Path file = Path.of(cli.config());
                agent.reloadFrom(() -> cli.withListen(ConfigLoader.load(file)));
            }
            agent.start();
        } catch (IOException e) {
            err.println("pbxmon: cannot start: " + e.getMessage());
            if (demo != null) {
                demo.close();
            }
            return 1;
        }
        if (demo != null) {
            String base = "http://" + hostForUrl(config.http().host()) + ":" + agent.port();
            out.println("pbxmon demo: a simulated PBX is live on AMI port " + demo.port() + ", with its CEL table"
                    + " (MariaDB protocol, port " + demo.services().celPort() + "), an Itgrix connector (port "
                    + demo.services().itgrixPort() + ") and a Webim backend (port " + demo.services().webimPort() + ").");
            out.println("  metrics: " + base + "/metrics   (asterisk_*, asterisk_cel_*, pbxmon_license_*, pbxmon_storager_objects)");
            out.println("  status:  curl -u demo:demo '" + base + "/status?path=app.master.general.app_status'");
            out.println("  digest:  curl --digest -u demo:demo '" + base + "/status?path=app.master.general.app_state'");
            out.println("  health:  curl -u demo:demo " + base + "/health");
            out.println("  monitor: curl -u demo:demo " + base + "/monitor");
            out.println("  incidents: curl '" + base + "/api/v1/incidents?api_key=demo&format=json'   (or format=xml)");
            out.println("  callbacks: curl -u demo:demo " + base + "/demo/callbacks   (signed deliveries received;"
                    + " the carrier registration fails a minute in)");
            out.println("Protected endpoints take user demo, password demo.");
        }
        if (!block) {
            return 0;
        }
        if (!cli.demo()) {
            onSighup(agent, err);
        }
        DemoPbx d = demo;
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            if (d != null) {
                d.close();
            }
            stop.countDown();
        }, "pbxmon-shutdown"));
        stop.await();
        return 0;
    }

    /**
     * SIGHUP reloads the config, as for most Unix daemons. {@code sun.misc.Signal} (module
     * jdk.unsupported) is the only way to catch a signal in Java; where it is missing, use
     * {@code POST /monitor/reload}. Installed only by the blocking CLI, never in tests.
     */
    private static void onSighup(Agent agent, PrintStream err) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> agent.reload());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // started under nohup (or another parent that ignores SIGHUP): the JVM keeps it ignored
                err.println("pbxmon: SIGHUP is ignored in this process (started under nohup?), so it cannot reload"
                        + " the config; use POST /monitor/reload instead");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("pbxmon: SIGHUP reload unavailable (" + e.getMessage() + "); use POST /monitor/reload");
        }
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
