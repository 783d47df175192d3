package org.pbxmon.agent;

import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.HttpConfig;

/**
 * Command-line options.
 *
 * @param listenPort null when --listen was not given
 */
public record Cli(String config, boolean demo, boolean checkConfig, boolean version, boolean help, String listenHost,
        Integer listenPort) {

    public static final String USAGE = """
            usage: java -jar pbxmon.jar [--config FILE | --demo] [--listen HOST:PORT] [--check-config] [--version]
              --config FILE    YAML config (see config/pbxmon.example.yml)
              --demo           run against the built-in PBX simulator (user demo, password demo)
              --check-config   validate the config, print problems, exit 0 (valid) or 1 (invalid)
              --listen H:P     override http.listen (default 0.0.0.0:10089; demo 127.0.0.1:10089)
              --version        print the version""";

    public static Cli parse(String[] args) {
        String config = null;
        String listen = null;
        boolean demo = false;
        boolean check = false;
        boolean version = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config", "-c" -> config = value(args, ++i, a);
                case "--listen" -> listen = value(args, ++i, a);
                case "--demo" -> demo = true;
                case "--check-config" -> check = true;
                case "--version" -> version = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (a.startsWith("--config=")) {
                        config = a.substring(9);
                    } else if (a.startsWith("--listen=")) {
                        listen = a.substring(9);
                    } else {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        if (!version && !help) {
            if (demo && config != null) {
                throw new IllegalArgumentException("--demo and --config exclude each other");
            }
            if (!demo && config == null) {
                throw new IllegalArgumentException("give --config FILE, or --demo");
            }
            if (demo && check) {
                throw new IllegalArgumentException("--check-config needs --config FILE");
            }
        }
        String host = null;
        Integer port = null;
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--listen: expected HOST:PORT, got \"" + listen + "\"");
            }
            host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--listen: port must be between 0 and 65535, got \"" + listen + "\"");
            }
        }
        return new Cli(config, demo, check, version, help, host, port);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The config with http.listen replaced by --listen, when given. */
    public AgentConfig withListen(AgentConfig c) {
        if (listenPort == null) {
            return c;
        }
        HttpConfig h = c.http();
        return new AgentConfig(h.withListen(listenHost, listenPort), c.pbxes(),
                c.publishInterval(), c.origin(), c.probes(), c.certificates(), c.incidents());
    }
}
