package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds the optional {@code incidents:} block (rules, intake labels, store, objects); callbacks: {@link CallbackBinder}. */
final class IncidentsBinder {
    static final List<String> KEYS = List.of("enabled", "agent_id", "store", "pending_limit", "retention", "rules",
            "alertmanager", "callbacks", "objects");
    static final List<String> STORE_KEYS = List.of("type", "state_dir", "url", "username", "password", "pool_size");
    static final List<String> RULE_KEYS = List.of("enabled", "threshold", "for", "clear_for");
    static final List<String> AM_KEYS = List.of("labels");
    static final List<String> AM_LABEL_KEYS = List.of("severity", "pbx", "trunk", "region");
    static final List<String> OBJECT_KEYS = List.of("server_tag", "region", "region_code", "primary_server", "service",
            "capacity", "numbers");
    static final String DEFAULT_STATE_DIR = "/var/lib/pbxmon";
    static final int PENDING_LIMIT = 10_000;

    private IncidentsBinder() {
    }

    /** {@link IncidentsConfig#DISABLED} when absent; null after reporting problems. */
    static IncidentsConfig bind(JsonNode node, Values v) {
        if (Values.absent(node)) {
            return IncidentsConfig.DISABLED;
        }
        int before = v.problems.size();
        String path = "incidents";
        ObjectNode in = v.mapping(node, path, KEYS);
        if (in == null) {
            return null;
        }
        Boolean enabled = v.onOff(in.get("enabled"), path + ".enabled", true);
        String agentId = v.optional(in.get("agent_id"), path + ".agent_id", defaultAgentId(v));
        if (agentId != null && agentId.length() > 128) {
            v.problems.add(path + ".agent_id", "at most 128 characters");
        } else if (agentId != null && !Values.NAME.matcher(agentId).matches()) {
            v.problems.add(path + ".agent_id", "invalid name " + Problems.quote(agentId)
                    + " (allowed characters: A-Z a-z 0-9 _ . -)");
        }
        IncidentsConfig.Store store = store(in.get("store"), path + ".store", v);
        Integer pending = v.integer(in.get("pending_limit"), path + ".pending_limit", PENDING_LIMIT, 100, 1_000_000,
                "must be between 100 and 1000000");
        Duration retention = v.duration(in.get("retention"), path + ".retention", IncidentsConfig.RETENTION);
        if (retention != null && retention.compareTo(Duration.ofHours(1)) < 0) {
            v.problems.add(path + ".retention", "must be at least 1h");
        }
        Map<String, IncidentsConfig.RuleConfig> rules = rules(in.get("rules"), path + ".rules", v);
        IncidentsConfig.Alertmanager am = alertmanager(in.get("alertmanager"), path + ".alertmanager", v);
        List<IncidentsConfig.Callback> callbacks = CallbackBinder.bindAll(in.get("callbacks"), path + ".callbacks", v);
        Map<String, IncidentsConfig.ObjectMeta> objects = objects(in.get("objects"), path + ".objects", v);
        if (v.problems.size() > before) {
            return null;
        }
        return new IncidentsConfig(enabled, agentId, store, rules, am, callbacks, objects, pending, retention);
    }

    private static String defaultAgentId(Values v) {
        String host = v.env.getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = "pbxmon";
            }
        }
        String clean = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        return clean.isEmpty() ? "pbxmon" : clean;
    }

    static IncidentsConfig.Store store(JsonNode node, String path, Values v) {
        String stateDirDefault = v.env.getOrDefault("STATE_DIRECTORY", "");
        if (stateDirDefault.isEmpty()) {
            stateDirDefault = DEFAULT_STATE_DIR;
        } else if (stateDirDefault.contains(":")) {
            stateDirDefault = stateDirDefault.substring(0, stateDirDefault.indexOf(':')); // systemd lists several
        }
        ObjectNode s = v.mapping(node, path, STORE_KEYS);
        if (s == null) {
            return new IncidentsConfig.Store(IncidentsConfig.Store.H2, Path.of(stateDirDefault), null, null, null, 2);
        }
        String type = v.choice(s.get("type"), path + ".type", List.of(IncidentsConfig.Store.H2,
                IncidentsConfig.Store.MARIADB), IncidentsConfig.Store.H2);
        String dir = v.optional(s.get("state_dir"), path + ".state_dir", stateDirDefault);
        Integer pool = v.integer(s.get("pool_size"), path + ".pool_size", 2, 1, 10, "must be between 1 and 10");
        if (IncidentsConfig.Store.MARIADB.equals(type)) {
            if (s.has("state_dir")) {
                v.problems.add(path + ".state_dir", "only for type h2");
            }
            String url = v.required(s, "url", path + ".url", false);
            if (url != null && !url.startsWith("jdbc:mariadb://")) {
                v.problems.add(path + ".url", "expected a jdbc:mariadb:// URL");
            } else if (url != null && url.matches("(?i).*[?&](user|password)=.*")) {
                v.problems.add(path + ".url", "must not hold credentials: use username and password");
            }
            String user = v.required(s, "username", path + ".username", false);
            String password = v.required(s, "password", path + ".password", true);
            return new IncidentsConfig.Store(type, null, url, user, password == null ? null : Secret.of(password),
                    pool == null ? 2 : pool);
        }
        for (String k : List.of("url", "username", "password")) {
            if (s.has(k)) {
                v.problems.add(path + "." + k, "only for type mariadb");
            }
        }
        if (dir != null && dir.isBlank()) {
            v.problems.add(path + ".state_dir", "must not be empty");
            dir = null;
        }
        return new IncidentsConfig.Store(type == null ? IncidentsConfig.Store.H2 : type,
                dir == null ? null : Path.of(dir), null, null, null, pool == null ? 2 : pool);
    }

    static Map<String, IncidentsConfig.RuleConfig> rules(JsonNode node, String path, Values v) {
        Map<String, IncidentsConfig.RuleConfig> out = new LinkedHashMap<>();
        for (IncidentRules.Rule r : IncidentRules.ALL) {
            out.put(r.name(), r.defaults());
        }
        ObjectNode rules = v.mapping(node, path, IncidentRules.names());
        if (rules == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            IncidentRules.Rule rule = IncidentRules.find(e.getKey());
            if (rule == null) {
                continue; // reported by mapping()
            }
            String rp = path + "." + e.getKey();
            if (Values.absent(e.getValue())) {
                continue;
            }
            if (e.getValue().isValueNode()) { // "ami_down: off"
                Boolean on = v.onOff(e.getValue(), rp, true);
                if (on != null) {
                    out.put(rule.name(), new IncidentsConfig.RuleConfig(on, rule.threshold(), rule.forDuration(),
                            rule.clearFor()));
                }
                continue;
            }
            ObjectNode r = v.mapping(e.getValue(), rp, RULE_KEYS);
            if (r == null) {
                continue;
            }
            Boolean on = v.onOff(r.get("enabled"), rp + ".enabled", true);
            double threshold = rule.threshold();
            if (r.has("threshold")) {
                if (!rule.hasThreshold()) {
                    v.problems.add(rp + ".threshold", "this rule has no threshold");
                } else {
                    threshold = number(r.get("threshold"), rp + ".threshold", v, rule.threshold());
                }
            }
            Duration forD = zeroOk(r.get("for"), rp + ".for", v, rule.forDuration());
            Duration clear = zeroOk(r.get("clear_for"), rp + ".clear_for", v, rule.clearFor());
            if (on != null && forD != null && clear != null) {
                out.put(rule.name(), new IncidentsConfig.RuleConfig(on, threshold, forD, clear));
            }
        }
        return out;
    }

    private static double number(JsonNode n, String path, Values v, double dflt) {
        String s = v.text(n, path, false);
        if (s == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d) || d < 0) {
                v.problems.add(path, "must be a number of at least 0, got " + Problems.quote(s));
                return dflt;
            }
            return d;
        } catch (NumberFormatException e) {
            v.problems.add(path, "expected a number, got " + Problems.quote(s));
            return dflt;
        }
    }

    /** A duration that may be 0 ("0", "0s"): fire at once. */
    private static Duration zeroOk(JsonNode n, String path, Values v, Duration dflt) {
        if (!Values.absent(n) && n.isValueNode() && n.asText().trim().matches("0+(ms|s|m|h|d)?")) {
            return Duration.ZERO;
        }
        return v.duration(n, path, dflt);
    }

    static IncidentsConfig.Alertmanager alertmanager(JsonNode node, String path, Values v) {
        ObjectNode am = v.mapping(node, path, AM_KEYS);
        if (am == null) {
            return IncidentsConfig.Alertmanager.DEFAULT;
        }
        ObjectNode labels = v.mapping(am.get("labels"), path + ".labels", AM_LABEL_KEYS);
        if (labels == null) {
            return IncidentsConfig.Alertmanager.DEFAULT;
        }
        IncidentsConfig.Alertmanager d = IncidentsConfig.Alertmanager.DEFAULT;
        return new IncidentsConfig.Alertmanager(
                label(labels, "severity", path, v, d.severityLabel()), label(labels, "pbx", path, v, d.pbxLabel()),
                label(labels, "trunk", path, v, d.trunkLabel()), label(labels, "region", path, v, d.regionLabel()));
    }

    private static String label(ObjectNode labels, String key, String path, Values v, String dflt) {
        String p = path + ".labels." + key;
        String s = v.optional(labels.get(key), p, dflt);
        if (s != null && !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            v.problems.add(p, "not a Prometheus label name: " + Problems.quote(s));
            return dflt;
        }
        return s == null ? dflt : s;
    }

    static Map<String, IncidentsConfig.ObjectMeta> objects(JsonNode node, String path, Values v) {
        Map<String, IncidentsConfig.ObjectMeta> out = new LinkedHashMap<>();
        if (Values.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            v.problems.add(path, "expected a mapping of object ids (pbx:NAME, trunk:PBX/NAME, queue:PBX/NAME, "
                    + "probe:NAME, alert:ALERTNAME) to their details, got " + Values.describe(node, false));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            String op = Problems.child(path, id);
            if (!id.matches("(pbx|probe|alert):[A-Za-z0-9_.-]+|(trunk|queue):[A-Za-z0-9_.-]+/[^\\s/]+")) {
                v.problems.add(op, "not an object id (pbx:NAME, trunk:PBX/NAME, queue:PBX/NAME, probe:NAME, alert:NAME)");
                continue;
            }
            ObjectNode o = v.mapping(e.getValue(), op, OBJECT_KEYS);
            if (o == null) {
                if (Values.absent(e.getValue())) {
                    out.put(id, IncidentsConfig.ObjectMeta.NONE);
                }
                continue;
            }
            String service = v.choice(o.get("service"), op + ".service", List.of("incoming", "outgoing", "all"), "all");
            Integer capacity = Values.absent(o.get("capacity")) ? null
                    : v.integer(o.get("capacity"), op + ".capacity", 1, 1, 1_000_000, "must be between 1 and 1000000");
            List<String> numbers = v.stringList(o.get("numbers"), op + ".numbers");
            out.put(id, new IncidentsConfig.ObjectMeta(
                    text(o, "server_tag", op, v), text(o, "region", op, v), text(o, "region_code", op, v),
                    text(o, "primary_server", op, v), service == null ? "all" : service.toLowerCase(Locale.ROOT),
                    capacity, numbers == null ? List.of() : numbers));
        }
        return out;
    }

    private static String text(ObjectNode o, String key, String path, Values v) {
        String s = v.optional(o.get(key), path + "." + key, "");
        if (s != null && s.length() > 100) {
            v.problems.add(path + "." + key, "at most 100 characters");
        }
        return s == null ? "" : s;
    }
}
