package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the agent configuration from YAML. Every problem found is collected (not just the first)
 * and reported as {@code "<yaml path>: <message>"} in one {@link ConfigException}; unknown keys are
 * errors; {@code ${VAR}} / {@code ${VAR:-default}} are expanded in every scalar value.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("http", "pbx", "publish_interval", "probes", "certificates",
            "incidents");
    static final String DEMO_ORIGIN = "<demo>";

    private ConfigLoader() {
    }

    /** Reads and parses {@code file} (UTF-8) with the process environment. */
    public static AgentConfig load(Path file) throws ConfigException {
        String origin = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw fail(origin, "is a directory, not a YAML file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail(origin, "file not found");
        } catch (AccessDeniedException e) {
            throw fail(origin, "permission denied");
        } catch (IOException e) {
            throw fail(origin, "cannot read file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(origin, "not valid UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(text, origin, System.getenv());
    }

    /**
     * Parses YAML text.
     *
     * @param origin used in file-level messages and as {@link AgentConfig#origin()}
     * @param env    the variables for {@code ${VAR}} substitution
     */
    public static AgentConfig parse(String yaml, String origin, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(origin, "origin");
        Problems problems = new Problems();
        JsonNode root = YamlTree.read(yaml, origin, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        Values v = new Values(problems, env == null ? Map.of() : env);
        ObjectNode top = null;
        if (!Values.absent(root)) {
            if (root.isObject()) {
                top = v.mapping(root, "", TOP_KEYS);
            } else {
                problems.add(origin, "expected a mapping at the top level (http, pbx, publish_interval), got "
                        + Values.describe(root, false));
                throw new ConfigException(problems.list());
            }
        }
        HttpConfig http = HttpBinder.bind(top == null ? null : top.get("http"), v);
        List<PbxConfig> pbxes = PbxBinder.bindAll(top == null ? null : top.get("pbx"), v);
        Duration publish = v.duration(top == null ? null : top.get("publish_interval"), "publish_interval",
                Defaults.PUBLISH_INTERVAL);
        if (publish != null && (publish.compareTo(Defaults.PUBLISH_INTERVAL_MIN) < 0
                || publish.compareTo(Defaults.PUBLISH_INTERVAL_MAX) > 0)) {
            problems.add("publish_interval", "must be between " + Durations.format(Defaults.PUBLISH_INTERVAL_MIN)
                    + " and " + Durations.format(Defaults.PUBLISH_INTERVAL_MAX));
        }
        List<ProbeConfig> probes = ProbeBinder.bindAll(top == null ? null : top.get("probes"), v);
        List<ProbeConfig.Certificate> certificates = CertificateBinder.certificates(top == null ? null : top.get("certificates"), v);
        IncidentsConfig incidents = IncidentsBinder.bind(top == null ? null : top.get("incidents"), v);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        return new AgentConfig(http, pbxes, publish, origin, probes, certificates, incidents);
    }

    /**
     * The configuration of {@code --demo} with the simulated PBX only: one PBX "demo" at
     * 127.0.0.1:{@code amiPort} (user pbxmon, secret demo), HTTP on {@code host:httpPort} with user
     * demo/demo on every protected group (Basic and Digest where allowed), metrics open; everything
     * else default.
     */
    public static AgentConfig demo(int amiPort, String host, int httpPort) {
        return demo(amiPort, host, httpPort, 0, 0, 0);
    }

    /**
     * The configuration of {@code --demo}: as {@link #demo(int, String, int)}, plus what the demo runs
     * around the PBX on loopback (a port of 0 leaves that part out):
     * <ul>
     * <li>{@code cel:} of PBX demo: {@code jdbc:mariadb://127.0.0.1:celPort/asteriskcel}, user pbxmon,
     * password demo, eventtime in UTC, polled every 5 s, the CRM connector's watermark read by the
     * consumer query {@code SELECT last_id FROM cel_consumer WHERE name = 'itgrix'};</li>
     * <li>probe {@code itgrix} (profile itgrix, Digest demo/demo, {@code /status}, expecting a
     * Professional license) and probe {@code webim} (profile webim, Basic demo/demo, account demo),
     * both every 5 s.</li>
     * </ul>
     * The credentials are those of {@code org.pbxmon.demo.DemoServices}.
     */
    public static AgentConfig demo(int amiPort, String host, int httpPort, int celPort, int itgrixPort, int webimPort) {
        AmiConfig ami = new AmiConfig("127.0.0.1", amiPort, "pbxmon", Secret.of("demo"), Defaults.AMI_AUTH,
                Defaults.CONNECT_TIMEOUT, Defaults.PING_INTERVAL, Defaults.READ_TIMEOUT,
                Defaults.RESPONSE_TIMEOUT, Defaults.RESYNC_INTERVAL, Defaults.RECONNECT_BACKOFF_MAX,
                Defaults.EVENTS);
        CelConfig cel = celPort <= 0 ? null : new CelConfig("jdbc:mariadb://127.0.0.1:" + celPort + "/asteriskcel",
                "pbxmon", Secret.of("demo"), CelBinder.TABLE, java.time.ZoneOffset.UTC, java.time.Duration.ofSeconds(5),
                CelBinder.QUERY_TIMEOUT, CelBinder.CONNECT_TIMEOUT, CelBinder.POOL_SIZE,
                "SELECT last_id FROM cel_consumer WHERE name = 'itgrix'", CelBinder.OPEN_CALL_WINDOW,
                CelBinder.STALL_WINDOW, null, null);
        PbxConfig pbx = new PbxConfig("demo", ami, TrunkRules.none(), Defaults.STUCK_CALL_THRESHOLD, cel);
        HttpConfig http = new HttpConfig(host, httpPort, List.of(new UserCredential("demo", Secret.of("demo"))),
                demoAuth(), HttpConfig.DEFAULT_REALM, List.of(), List.of(ApiToken.key("demo", "demo", true)), null,
                HttpLimits.DEFAULT);
        List<ProbeConfig> probes = new java.util.ArrayList<>();
        java.time.Duration every = java.time.Duration.ofSeconds(5);
        java.time.Duration timeout = java.time.Duration.ofSeconds(4);
        if (itgrixPort > 0) {
            probes.add(new ProbeConfig("itgrix", "itgrix", java.net.URI.create("http://127.0.0.1:" + itgrixPort + "/status"),
                    every, timeout, ProbeBinder.MAX_BODY,
                    new ProbeConfig.Auth("digest", "demo", Secret.of("demo"), "", Secret.of("")), ProbeConfig.Tls.DEFAULT,
                    new ProbeConfig.License("Professional", null, ProbeConfig.License.DEFAULT.warnDays()),
                    ProbeConfig.Webim.NONE, List.of()));
        }
        if (webimPort > 0) {
            probes.add(new ProbeConfig("webim", "webim", java.net.URI.create("http://127.0.0.1:" + webimPort + "/"),
                    every, timeout, ProbeBinder.MAX_BODY,
                    new ProbeConfig.Auth("basic", "demo", Secret.of("demo"), "", Secret.of("")), ProbeConfig.Tls.DEFAULT,
                    ProbeConfig.License.DEFAULT, new ProbeConfig.Webim(List.of("demo"), "1", Secret.of("")), List.of()));
        }
        return new AgentConfig(http, List.of(pbx), Defaults.PUBLISH_INTERVAL, DEMO_ORIGIN, probes, List.of());
    }

    /**
     * The incidents of {@code --demo}: enabled, an H2 store in {@code stateDir}, one signed callback
     * (form POST, Basic demo/demo) to {@code callbackUrl}, and {@code trunk_registration} after 10 s
     * instead of 60 s, so that the simulator's registration failure (every two minutes, for 20 s) opens
     * an incident and its callback arrives within two minutes of the start.
     */
    public static IncidentsConfig demoIncidents(java.nio.file.Path stateDir, String callbackUrl, String secret) {
        Map<String, IncidentsConfig.RuleConfig> rules = new java.util.LinkedHashMap<>();
        for (IncidentRules.Rule r : IncidentRules.ALL) {
            rules.put(r.name(), r.defaults());
        }
        rules.put("trunk_registration", new IncidentsConfig.RuleConfig(true, Double.NaN, Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
        IncidentsConfig.Callback cb = new IncidentsConfig.Callback("demo-receiver", "The demo's built-in receiver", true,
                java.net.URI.create(callbackUrl), "POST", "data={response}",
                Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "demo:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                false, CallbackBinder.TIMEOUT, Secret.of(secret), CallbackBinder.CONCURRENCY, CallbackBinder.MAX_AGE);
        IncidentsConfig.ObjectMeta carrier = new IncidentsConfig.ObjectMeta("sbc-1", "karnataka", "KA-IN", "demo", "all",
                null, List.of("+0809900112234", "+0809900112235"));
        return new IncidentsConfig(true, "demo", new IncidentsConfig.Store(IncidentsConfig.Store.H2, stateDir, null, null,
                null, 2), rules, IncidentsConfig.Alertmanager.DEFAULT, List.of(cb),
                Map.of("trunk:demo/carrier", carrier), IncidentsBinder.PENDING_LIMIT);
    }

    /** Every protected group takes the demo user, by Basic and Digest where the group allows them; the API also key demo. */
    private static Map<String, List<String>> demoAuth() {
        Map<String, List<String>> auth = new java.util.LinkedHashMap<>();
        for (AuthTable.Group g : AuthTable.GROUPS) {
            List<String> schemes = g.defaults().contains(AuthTable.NONE)
                    ? g.defaults()
                    : g.allowed().stream().filter(s -> s.equals(AuthTable.BASIC) || s.equals(AuthTable.DIGEST)
                            || s.equals(AuthTable.API_KEY)).toList();
            auth.put(g.name(), schemes);
        }
        return auth;
    }

    private static ConfigException fail(String origin, String message) {
        return new ConfigException(List.of(origin + ": " + message));
    }
}
