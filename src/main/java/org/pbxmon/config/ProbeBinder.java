package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds the {@code probes} and {@code certificates} lists. */
final class ProbeBinder {
    static final List<String> PROBE_KEYS = List.of("name", "profile", "url", "interval", "timeout", "max_body_bytes",
            "auth", "tls", "license", "webim", "metrics");
    static final List<String> AUTH_KEYS = List.of("type", "username", "password", "header", "value");
    static final List<String> TLS_KEYS = List.of("insecure_skip_verify", "ca_file");
    static final List<String> LICENSE_KEYS = List.of("expected_type", "timezone", "warn_days");
    static final List<String> WEBIM_KEYS = List.of("accounts", "pinger_id", "cookie");
    static final List<String> METRIC_KEYS = List.of("path", "name", "type", "help", "labels", "each");
    static final List<String> EACH_KEYS = List.of("label", "key", "value");
    /** Must match the catalogue of profiles in source/probe (a test checks it). */
    static final List<String> PROFILES = List.of("itgrix", "webim", "generic");
    static final List<String> AUTH_TYPES = List.of("none", "basic", "digest", "header", "cookie");
    static final List<String> METRIC_TYPES = List.of("gauge", "counter");

    static final Duration INTERVAL = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_BODY = 4L << 20;

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private ProbeBinder() {
    }

    /** Every probe (empty if absent), or null after reporting problems. */
    static List<ProbeConfig> bindAll(JsonNode node, Values v) {
        int before = v.problems.size();
        List<JsonNode> items = v.list(node, "probes");
        if (items == null) {
            return null;
        }
        List<ProbeConfig> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> metricTypes = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ProbeConfig p = probe(items.get(i), Problems.index("probes", i), v, names, metricTypes);
            if (p != null) {
                out.add(p);
            }
        }
        return v.problems.size() > before ? null : out;
    }

    private static ProbeConfig probe(JsonNode node, String path, Values v, Map<String, String> names,
            Map<String, String> metricTypes) {
        int before = v.problems.size();
        if (Values.absent(node)) {
            v.problems.add(path, "expected a mapping with name and url, got nothing");
            return null;
        }
        ObjectNode p = v.mapping(node, path, PROBE_KEYS);
        if (p == null) {
            return null;
        }
        String name = v.uniqueName(p, path, names);
        String profile = v.choice(p.get("profile"), Problems.child(path, "profile"), PROFILES, "generic");
        URI url = url(p, Problems.child(path, "url"), v);
        Duration interval = v.duration(p.get("interval"), Problems.child(path, "interval"), INTERVAL);
        String timeoutPath = Problems.child(path, "timeout");
        Duration timeout = v.duration(p.get("timeout"), timeoutPath, TIMEOUT);
        if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
            v.problems.add(timeoutPath, "must be at most interval (" + Durations.format(interval) + ")");
        }
        Integer maxBody = v.integer(p.get("max_body_bytes"), Problems.child(path, "max_body_bytes"), (int) MAX_BODY,
                1024, 256L << 20, "must be between 1024 and 268435456");
        ProbeConfig.Auth auth = auth(p.get("auth"), Problems.child(path, "auth"), v);
        ProbeConfig.Tls tls = tls(p.get("tls"), Problems.child(path, "tls"), v);
        ProbeConfig.License license = only(p, "license", "itgrix", profile, path, v)
                ? license(p.get("license"), Problems.child(path, "license"), v) : ProbeConfig.License.DEFAULT;
        ProbeConfig.Webim webim = only(p, "webim", "webim", profile, path, v)
                ? webim(p.get("webim"), Problems.child(path, "webim"), v) : ProbeConfig.Webim.NONE;
        String metricsPath = Problems.child(path, "metrics");
        List<ProbeConfig.MetricMapping> metrics = metrics(p.get("metrics"), metricsPath, v, metricTypes);
        if ("generic".equals(profile) && metrics != null && metrics.isEmpty()) {
            v.problems.add(metricsPath, "required with profile generic (at least one mapping)");
        }
        if (v.problems.size() > before) {
            return null;
        }
        return new ProbeConfig(name, profile, url, interval, timeout, maxBody, auth, tls, license, webim, metrics);
    }

    /** Whether the profile-specific section {@code key} may be read; reports it when the profile differs. */
    private static boolean only(ObjectNode p, String key, String profile, String actual, String path, Values v) {
        if (Values.absent(p.get(key))) {
            return false;
        }
        if (!profile.equals(actual)) {
            if (actual != null) {
                v.problems.add(Problems.child(path, key), "only used with profile " + profile);
            }
            return false;
        }
        return true;
    }

    private static URI url(ObjectNode p, String path, Values v) {
        String s = v.required(p, "url", path, false);
        if (s == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(s.trim());
        } catch (URISyntaxException e) {
            v.problems.add(path, "invalid URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String problem = !scheme.equals("http") && !scheme.equals("https") ? "must be an http:// or https:// URL"
                : u.getRawUserInfo() != null ? "must not hold credentials (use auth)"
                : u.getHost() == null || u.getHost().isEmpty() ? "has no host"
                : u.getRawFragment() != null ? "must not have a #fragment" : null;
        if (problem != null) {
            v.problems.add(path, problem);
            return null;
        }
        return u;
    }

    private static ProbeConfig.Auth auth(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode a = v.mapping(node, path, AUTH_KEYS);
        if (a == null) {
            return v.problems.size() > before ? null : ProbeConfig.Auth.NONE;
        }
        String type = v.choice(a.get("type"), Problems.child(path, "type"), AUTH_TYPES, "none");
        if (type == null) {
            return null;
        }
        List<String> used = switch (type) {
            case "basic", "digest" -> List.of("type", "username", "password");
            case "header" -> List.of("type", "header", "value");
            case "cookie" -> List.of("type", "value");
            default -> List.of("type");
        };
        a.fieldNames().forEachRemaining(k -> {
            if (AUTH_KEYS.contains(k) && !used.contains(k)) {
                v.problems.add(Problems.child(path, k), "not used with auth type " + type);
            }
        });
        String username = used.contains("username") ? v.required(a, "username", Problems.child(path, "username"), false) : "";
        String password = used.contains("password") ? v.required(a, "password", Problems.child(path, "password"), true) : "";
        String header = used.contains("header") ? v.required(a, "header", Problems.child(path, "header"), false) : "";
        String value = used.contains("value") ? v.required(a, "value", Problems.child(path, "value"), true) : "";
        if (username != null && username.indexOf(':') >= 0 && type.equals("basic")) {
            v.problems.add(Problems.child(path, "username"), "must not contain ':'");
        }
        if (header != null && !header.isEmpty() && !TOKEN.matcher(header).matches()) {
            v.problems.add(Problems.child(path, "header"), "invalid header name " + Problems.quote(header));
        }
        noLineBreaks(username, Problems.child(path, "username"), v);
        noLineBreaks(password, Problems.child(path, "password"), v);
        noLineBreaks(value, Problems.child(path, "value"), v);
        if (v.problems.size() > before) {
            return null;
        }
        return new ProbeConfig.Auth(type, username, Secret.of(password), header, Secret.of(value));
    }

    /** HTTP headers are lines: a line break in a value would inject headers. */
    private static void noLineBreaks(String s, String path, Values v) {
        if (s != null && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
            v.problems.add(path, "must not contain line breaks");
        }
    }

    private static ProbeConfig.Tls tls(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode t = v.mapping(node, path, TLS_KEYS);
        if (t == null) {
            return v.problems.size() > before ? null : ProbeConfig.Tls.DEFAULT;
        }
        Boolean insecure = v.onOff(t.get("insecure_skip_verify"), Problems.child(path, "insecure_skip_verify"), false);
        Path ca = path(t.get("ca_file"), Problems.child(path, "ca_file"), v);
        if (Boolean.TRUE.equals(insecure) && ca != null) {
            v.problems.add(Problems.child(path, "ca_file"), "pointless with insecure_skip_verify: on");
        }
        return v.problems.size() > before ? null : new ProbeConfig.Tls(insecure, ca);
    }

    static Path path(JsonNode n, String path, Values v) {
        String s = v.optional(n, path, null);
        try {
            if (s != null && s.isBlank()) {
                v.problems.add(path, "must not be empty");
            }
            return s == null || s.isBlank() ? null : Path.of(s);
        } catch (InvalidPathException e) {
            v.problems.add(path, "invalid path " + Problems.quote(s));
            return null;
        }
    }

    private static ProbeConfig.License license(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode l = v.mapping(node, path, LICENSE_KEYS);
        if (l == null) {
            return v.problems.size() > before ? null : ProbeConfig.License.DEFAULT;
        }
        String expected = v.optional(l.get("expected_type"), Problems.child(path, "expected_type"), "");
        String tzPath = Problems.child(path, "timezone");
        String tz = v.optional(l.get("timezone"), tzPath, null);
        ZoneId zone = tz == null ? null : zone(tz, tzPath, v);
        Integer warn = v.integer(l.get("warn_days"), Problems.child(path, "warn_days"), 14, 0, 3650,
                "must be between 0 and 3650");
        return v.problems.size() > before ? null : new ProbeConfig.License(expected.trim(), zone, warn);
    }

    private static ZoneId zone(String tz, String path, Values v) {
        try {
            return ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            v.problems.add(path, "unknown time zone " + Problems.quote(tz) + " (use e.g. UTC, +05:00, Europe/Moscow)");
            return null;
        }
    }

    private static ProbeConfig.Webim webim(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode w = v.mapping(node, path, WEBIM_KEYS);
        if (w == null) {
            return v.problems.size() > before ? null : ProbeConfig.Webim.NONE;
        }
        List<String> accounts = v.stringList(w.get("accounts"), Problems.child(path, "accounts"));
        String pinger = v.optional(w.get("pinger_id"), Problems.child(path, "pinger_id"), "1");
        if (pinger != null && !TOKEN.matcher(pinger).matches()) {
            v.problems.add(Problems.child(path, "pinger_id"), "invalid value " + Problems.quote(pinger));
        }
        String cookie = Values.absent(w.get("cookie")) ? "" : v.text(w.get("cookie"), Problems.child(path, "cookie"), true);
        noLineBreaks(cookie, Problems.child(path, "cookie"), v);
        return v.problems.size() > before ? null : new ProbeConfig.Webim(accounts, pinger, Secret.of(cookie));
    }

    private static List<ProbeConfig.MetricMapping> metrics(JsonNode node, String path, Values v,
            Map<String, String> types) {
        int before = v.problems.size();
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<ProbeConfig.MetricMapping> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Problems.index(path, i);
            if (Values.absent(items.get(i))) {
                v.problems.add(itemPath, "expected a mapping with path and name, got nothing");
                continue;
            }
            ObjectNode item = v.mapping(items.get(i), itemPath, METRIC_KEYS);
            ProbeConfig.MetricMapping m = item == null ? null : metric(item, itemPath, v, types);
            if (m != null) {
                out.add(m);
            }
        }
        return v.problems.size() > before ? null : out;
    }

    private static ProbeConfig.MetricMapping metric(ObjectNode m, String path, Values v, Map<String, String> types) {
        int before = v.problems.size();
        String jsonPath = v.optional(m.get("path"), Problems.child(path, "path"), "");
        String type = v.choice(m.get("type"), Problems.child(path, "type"), METRIC_TYPES, "gauge");
        String namePath = Problems.child(path, "name");
        String name = v.required(m, "name", namePath, false);
        if (name != null && !METRIC.matcher(name).matches()) {
            v.problems.add(namePath, "invalid metric name " + Problems.quote(name));
        } else if (name != null && (name.startsWith("pbxmon_") || name.startsWith("asterisk_"))) {
            v.problems.add(namePath, "the prefixes pbxmon_ and asterisk_ are reserved");
        } else if (name != null && type != null) {
            if (type.equals("counter") && name.endsWith("_total")) {
                name = name.substring(0, name.length() - "_total".length());
            }
            String seen = types.putIfAbsent(name, type);
            if (seen != null && !seen.equals(type)) {
                v.problems.add(namePath, Problems.quote(name) + " is a " + seen + " elsewhere; one name, one type");
            }
        }
        String help = v.optional(m.get("help"), Problems.child(path, "help"), null);
        Map<String, String> labels = labels(m.get("labels"), Problems.child(path, "labels"), v);
        String eachPath = Problems.child(path, "each");
        ObjectNode each = v.mapping(m.get("each"), eachPath, EACH_KEYS);
        String eachLabel = each == null ? null : v.required(each, "label", Problems.child(eachPath, "label"), false);
        checkLabel(eachLabel, Problems.child(eachPath, "label"), v);
        if (eachLabel != null && labels != null && labels.containsKey(eachLabel)) {
            v.problems.add(Problems.child(eachPath, "label"), Problems.quote(eachLabel) + " is also a constant label");
        }
        String eachKey = each == null ? "" : v.optional(each.get("key"), Problems.child(eachPath, "key"), "");
        String eachValue = each == null ? "" : v.optional(each.get("value"), Problems.child(eachPath, "value"), "");
        if (v.problems.size() > before) {
            return null;
        }
        return new ProbeConfig.MetricMapping(jsonPath.trim(), name, type,
                help == null || help.isBlank() ? "Value of " + (jsonPath.isBlank() ? "the document" : jsonPath) + "." : help,
                labels, eachLabel, eachKey.trim(), eachValue.trim());
    }

    private static Map<String, String> labels(JsonNode node, String path, Values v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (Values.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            v.problems.add(path, "expected a mapping of label name to value, got " + Values.describe(node, false));
            return null;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String p = Problems.child(path, e.getKey());
            checkLabel(e.getKey(), p, v);
            String value = Values.absent(e.getValue()) ? "" : v.text(e.getValue(), p, false);
            if (value != null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    private static void checkLabel(String label, String path, Values v) {
        if (label == null) {
            return;
        }
        if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
            v.problems.add(path, "invalid label name " + Problems.quote(label));
        } else if (label.equals("probe")) {
            v.problems.add(path, "\"probe\" is added by pbxmon");
        }
    }
}
