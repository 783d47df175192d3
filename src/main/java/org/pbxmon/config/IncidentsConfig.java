package org.pbxmon.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code incidents} block: rules, Alertmanager intake, the store, callbacks and the metadata of
 * monitored objects. {@link #DISABLED} when the block is absent.
 *
 * @param enabled      false: no rules run, the intake and the incident API answer E542
 * @param agentId      this agent's name in outbox leases; two agents sharing a database need two names
 * @param store        where incidents, statuses and the outbox live
 * @param rules        every built-in rule by name (all present; see {@link RuleConfig})
 * @param alertmanager label names read from Alertmanager alerts
 * @param callbacks    callback receivers, names unique
 * @param objects      metadata by object id ({@code pbx:main}, {@code trunk:main/carrier}, ...)
 * @param pendingLimit status changes kept in memory while the store is down (overflow is counted)
 * @param retention    closed incidents, history, delivered callbacks and dead letters older than this are deleted
 */
public record IncidentsConfig(boolean enabled, String agentId, Store store, Map<String, RuleConfig> rules,
        Alertmanager alertmanager, List<Callback> callbacks, Map<String, ObjectMeta> objects, int pendingLimit,
        Duration retention) {
    public static final Duration RETENTION = Duration.ofDays(30);

    public static final IncidentsConfig DISABLED = new IncidentsConfig(false, "pbxmon",
            new Store(Store.H2, Path.of("/var/lib/pbxmon"), null, null, null, 2), Map.of(),
            Alertmanager.DEFAULT, List.of(), Map.of(), 10_000);

    /** With the default {@link #RETENTION}. */
    public IncidentsConfig(boolean enabled, String agentId, Store store, Map<String, RuleConfig> rules,
            Alertmanager alertmanager, List<Callback> callbacks, Map<String, ObjectMeta> objects, int pendingLimit) {
        this(enabled, agentId, store, rules, alertmanager, callbacks, objects, pendingLimit, RETENTION);
    }

    public IncidentsConfig {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(store, "store");
        rules = Map.copyOf(rules);
        Objects.requireNonNull(alertmanager, "alertmanager");
        callbacks = List.copyOf(callbacks);
        objects = Map.copyOf(objects);
    }

    /** The rule's settings, or a disabled rule when it is unknown. */
    public RuleConfig rule(String name) {
        return rules.getOrDefault(name, RuleConfig.OFF);
    }

    /**
     * @param kind      {@link #H2} (file {@code <stateDir>/incidents.mv.db}) or {@link #MARIADB}
     * @param stateDir  the state directory (H2 only)
     * @param url       {@code jdbc:mariadb://...} without credentials (MariaDB only)
     * @param poolSize  maximum connections (MariaDB only)
     */
    public record Store(String kind, Path stateDir, String url, String username, Secret password, int poolSize) {
        public static final String H2 = "h2";
        public static final String MARIADB = "mariadb";
    }

    /**
     * One built-in rule.
     *
     * @param threshold  the rule's number (a ratio, a count, days, seconds: see the rule), or NaN when it has none
     * @param forDuration the condition must hold this long before the incident opens
     * @param clearFor    ... and be gone this long before it closes
     */
    public record RuleConfig(boolean enabled, double threshold, Duration forDuration, Duration clearFor) {
        public static final RuleConfig OFF = new RuleConfig(false, Double.NaN, Duration.ZERO, Duration.ZERO);
    }

    /** Which alert labels name the severity, the PBX, the trunk and the region. */
    public record Alertmanager(String severityLabel, String pbxLabel, String trunkLabel, String regionLabel) {
        public static final Alertmanager DEFAULT = new Alertmanager("severity", "pbx", "trunk", "region");
    }

    /**
     * One callback receiver (Kaleyra-style).
     *
     * @param active      false: no delivery is queued for it
     * @param method      GET or POST
     * @param payload     POST body template; {@code {response}} expands to the event JSON (URL-encoded
     *                    unless {@code rawJson}); empty with {@code rawJson} = the JSON itself
     * @param rawJson     POST the body as {@code application/json} instead of a form
     * @param secret      signs every delivery (Standard Webhooks 1.0), or null
     * @param concurrency deliveries in flight at once to this receiver
     * @param maxAge      a delivery still failing after this long becomes a dead letter
     */
    public record Callback(String name, String title, boolean active, URI url, String method, String payload,
            Map<String, String> headers, boolean rawJson, Duration timeout, Secret secret, int concurrency,
            Duration maxAge) {
        public Callback {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
        }

        /** Header values (often tokens) and the URL's query (it may hold one) are masked. */
        @Override
        public String toString() {
            return "Callback[name=" + name + ", active=" + active + ", url=" + url.getScheme() + "://" + url.getAuthority()
                    + url.getRawPath() + (url.getRawQuery() == null ? "" : "?******") + ", method=" + method
                    + ", headers=" + new java.util.TreeSet<>(headers.keySet()) + ", rawJson=" + rawJson + ", timeout="
                    + timeout + ", secret=" + (secret == null ? "none" : secret) + ", concurrency=" + concurrency
                    + ", maxAge=" + maxAge + "]";
        }
    }

    /**
     * What config says of one monitored object (all optional).
     *
     * @param service  incoming, outgoing or all
     * @param capacity its channel capacity, or null
     */
    public record ObjectMeta(String serverTag, String region, String regionCode, String primaryServer, String service,
            Integer capacity, List<String> numbers) {
        public static final ObjectMeta NONE = new ObjectMeta("", "", "", "", "all", null, List.of());

        public ObjectMeta {
            numbers = List.copyOf(numbers);
        }
    }
}
