package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Binds the optional {@code cel:} block of one PBX. */
final class CelBinder {
    static final List<String> KEYS = List.of("url", "username", "password", "table", "time_zone", "poll_interval",
            "query_timeout", "connect_timeout", "pool_size", "consumer", "open_call_window", "stall_window");
    static final List<String> CONSUMER_KEYS = List.of("query", "probe", "probe_metric");
    static final String DEFAULT_PROBE_METRIC = "connector_cel_last_id";

    static final String TABLE = "cel";
    static final String LOCAL = "local";
    static final Duration POLL_INTERVAL = Duration.ofSeconds(10);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT_MIN = Duration.ofMillis(250);
    static final int POOL_SIZE = 2;
    static final int POOL_SIZE_MAX = 10;
    static final Duration OPEN_CALL_WINDOW = Duration.ofHours(1);
    static final Duration STALL_WINDOW = Duration.ofMinutes(5);

    private static final String SCHEME = "jdbc:mariadb://";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?");
    private static final Pattern SELECT = Pattern.compile("(?is)\\s*(select|with)\\s.*");

    private CelBinder() {
    }

    /** The CEL config, null when absent or after reporting problems under {@code path}. */
    static CelConfig bind(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode cel = v.mapping(node, path, KEYS);
        if (cel == null) {
            return null;
        }
        String urlPath = Problems.child(path, "url");
        String url = v.required(cel, "url", urlPath, false);
        if (url != null) {
            url = url.trim();
            checkUrl(url, urlPath, v.problems);
        }
        String username = v.required(cel, "username", Problems.child(path, "username"), false);
        String password = v.required(cel, "password", Problems.child(path, "password"), true);
        String tablePath = Problems.child(path, "table");
        String table = v.optional(cel.get("table"), tablePath, TABLE);
        if (table != null && !TABLE_NAME.matcher(table).matches()) {
            v.problems.add(tablePath, "invalid table name " + Problems.quote(table)
                    + " (letters, digits and _, optionally database.table)");
        }
        ZoneId zone = zone(cel.get("time_zone"), Problems.child(path, "time_zone"), v);
        Duration poll = v.duration(cel.get("poll_interval"), Problems.child(path, "poll_interval"), POLL_INTERVAL);
        String queryPath = Problems.child(path, "query_timeout");
        Duration query = v.duration(cel.get("query_timeout"), queryPath, QUERY_TIMEOUT);
        if (query != null && query.compareTo(Duration.ofSeconds(1)) < 0) {
            v.problems.add(queryPath, "must be at least 1s");
        }
        String connectPath = Problems.child(path, "connect_timeout");
        Duration connect = v.duration(cel.get("connect_timeout"), connectPath, CONNECT_TIMEOUT);
        if (connect != null && connect.compareTo(CONNECT_TIMEOUT_MIN) < 0) {
            v.problems.add(connectPath, "must be at least " + Durations.format(CONNECT_TIMEOUT_MIN));
        }
        Integer pool = v.integer(cel.get("pool_size"), Problems.child(path, "pool_size"), POOL_SIZE, 1, POOL_SIZE_MAX,
                "must be between 1 and " + POOL_SIZE_MAX);
        String consumerPath = Problems.child(path, "consumer");
        String consumer = consumer(cel.get("consumer"), consumerPath, v);
        String[] probe = consumerProbe(cel.get("consumer"), consumerPath, v);
        Duration open = v.duration(cel.get("open_call_window"), Problems.child(path, "open_call_window"),
                OPEN_CALL_WINDOW);
        Duration stall = v.duration(cel.get("stall_window"), Problems.child(path, "stall_window"), STALL_WINDOW);
        if (v.problems.size() > before) {
            return null;
        }
        return new CelConfig(url, username, Secret.of(password), table, zone, poll, query, connect, pool, consumer,
                open, stall, probe[0], probe[1]);
    }

    private static void checkUrl(String url, String path, Problems problems) {
        if (!url.startsWith(SCHEME) || url.length() == SCHEME.length() || url.charAt(SCHEME.length()) == '/') {
            problems.add(path, "expected jdbc:mariadb://host:port/database, got " + Problems.quote(url));
            return;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int q = url.indexOf('?');
        String authority = url.substring(SCHEME.length(), q < 0 ? url.length() : q);
        if (lower.contains("password") || authority.contains("@")) {
            // never quote it: it may hold the password
            problems.add(path, "must not contain credentials; use username and password");
        } else if (url.chars().anyMatch(Character::isWhitespace)) {
            problems.add(path, "must not contain spaces or line breaks");
        }
    }

    private static ZoneId zone(JsonNode n, String path, Values v) {
        String s = v.optional(n, path, LOCAL);
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.equalsIgnoreCase(LOCAL)) {
            return ZoneId.systemDefault();
        }
        if (t.equalsIgnoreCase("UTC") || t.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(t);
        } catch (DateTimeException e) {
            v.problems.add(path, "unknown time zone " + Problems.quote(s)
                    + " (use UTC, local, a name such as Europe/Moscow, or an offset such as +03:00)");
            return null;
        }
    }

    /** {probe name, sample name} of a probe-backed watermark, or {null, null}. */
    private static String[] consumerProbe(JsonNode n, String path, Values v) {
        if (n == null || !n.isObject() || !n.has("probe")) {
            return new String[] {null, null};
        }
        String probe = v.optional(n.get("probe"), Problems.child(path, "probe"), null);
        String metric = v.optional(n.get("probe_metric"), Problems.child(path, "probe_metric"), DEFAULT_PROBE_METRIC);
        if (n.has("query")) {
            v.problems.add(path, "give either query or probe, not both");
        }
        return new String[] {probe, metric};
    }

    /** The consumer's watermark query, null when absent (the agent's own tail is the watermark). */
    private static String consumer(JsonNode n, String path, Values v) {
        ObjectNode c = v.mapping(n, path, CONSUMER_KEYS);
        if (c == null || (c.has("probe") && !c.has("query"))) {
            return null;
        }
        String queryPath = Problems.child(path, "query");
        String q = v.required(c, "query", queryPath, false);
        if (q == null) {
            return null;
        }
        String t = q.trim();
        if (!SELECT.matcher(t + " ").matches() || t.contains(";")) {
            v.problems.add(queryPath, "must be one SELECT statement that returns one number, without ';'");
            return null;
        }
        return t;
    }
}
