package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Binds the {@code pbx} list: each PBX, its {@code ami} and its {@code trunks}. */
final class PbxBinder {
    static final List<String> PBX_KEYS = List.of("name", "ami", "stuck_call_threshold", "trunks", "cel", "quality");
    static final List<String> AMI_KEYS = List.of("host", "port", "username", "secret", "auth",
            "connect_timeout", "ping_interval", "read_timeout", "response_timeout", "resync_interval",
            "reconnect_backoff_max", "events");
    static final List<String> TRUNK_KEYS = List.of("names", "extensions", "match", "capacity_channels");
    /** pbxmon always logs in by MD5 challenge/response; the secret never crosses the wire. */
    static final List<String> AMI_AUTH = List.of("md5");

    private PbxBinder() {
    }

    /** Every PBX (empty if absent), or null after reporting problems. */
    static List<PbxConfig> bindAll(JsonNode node, Values v) {
        String path = "pbx";
        int before = v.problems.size();
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<PbxConfig> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            PbxConfig pbx = bind(items.get(i), Problems.index(path, i), v, names);
            if (pbx != null) {
                out.add(pbx);
            }
        }
        return v.problems.size() > before ? null : out;
    }

    private static PbxConfig bind(JsonNode node, String path, Values v, Map<String, String> names) {
        int before = v.problems.size();
        if (Values.absent(node)) {
            v.problems.add(path, "expected a mapping with name and ami, got nothing");
            return null;
        }
        ObjectNode pbx = v.mapping(node, path, PBX_KEYS);
        if (pbx == null) {
            return null;
        }
        String name = v.uniqueName(pbx, path, names);
        String amiPath = Problems.child(path, "ami");
        AmiConfig ami = null;
        if (Values.absent(pbx.get("ami"))) {
            v.problems.add(amiPath, "required");
        } else {
            ami = ami(pbx.get("ami"), amiPath, v);
        }
        Duration stuck = v.duration(pbx.get("stuck_call_threshold"), Problems.child(path, "stuck_call_threshold"),
                Defaults.STUCK_CALL_THRESHOLD);
        TrunkRules trunks = trunks(pbx.get("trunks"), Problems.child(path, "trunks"), v);
        CelConfig cel = CelBinder.bind(pbx.get("cel"), Problems.child(path, "cel"), v);
        QualityConfig quality = QualityBinder.bind(pbx.get("quality"), Problems.child(path, "quality"), v);
        if (v.problems.size() > before) {
            return null;
        }
        return new PbxConfig(name, ami, trunks, stuck, cel, quality);
    }

    private static AmiConfig ami(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode ami = v.mapping(node, path, AMI_KEYS);
        if (ami == null) {
            return null;
        }
        String hostPath = Problems.child(path, "host");
        String host = v.required(ami, "host", hostPath, false);
        if (host != null) {
            host = host.trim();
            if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']' || c == '/')) {
                v.problems.add(hostPath, "invalid host " + Problems.quote(host));
            }
        }
        Integer port = v.integer(ami.get("port"), Problems.child(path, "port"), Defaults.AMI_PORT, 1, 65535,
                "must be between 1 and 65535");
        String username = v.required(ami, "username", Problems.child(path, "username"), false);
        noLineBreaks(username, Problems.child(path, "username"), v);
        String secret = v.required(ami, "secret", Problems.child(path, "secret"), true);
        noLineBreaks(secret, Problems.child(path, "secret"), v);
        String auth = v.choice(ami.get("auth"), Problems.child(path, "auth"), AMI_AUTH, Defaults.AMI_AUTH);
        Duration connect = v.duration(ami.get("connect_timeout"), Problems.child(path, "connect_timeout"),
                Defaults.CONNECT_TIMEOUT);
        Duration ping = v.duration(ami.get("ping_interval"), Problems.child(path, "ping_interval"),
                Defaults.PING_INTERVAL);
        String readPath = Problems.child(path, "read_timeout");
        Duration read = v.duration(ami.get("read_timeout"), readPath, Defaults.READ_TIMEOUT);
        if (read != null && ping != null && read.compareTo(ping) <= 0) {
            v.problems.add(readPath, "must be greater than ping_interval (" + Durations.format(ping) + ")");
        }
        Duration response = v.duration(ami.get("response_timeout"), Problems.child(path, "response_timeout"),
                Defaults.RESPONSE_TIMEOUT);
        Duration resync = v.duration(ami.get("resync_interval"), Problems.child(path, "resync_interval"),
                Defaults.RESYNC_INTERVAL);
        Duration backoff = v.duration(ami.get("reconnect_backoff_max"), Problems.child(path, "reconnect_backoff_max"),
                Defaults.RECONNECT_BACKOFF_MAX);
        Boolean events = v.onOff(ami.get("events"), Problems.child(path, "events"), Defaults.EVENTS);
        if (v.problems.size() > before) {
            return null;
        }
        return new AmiConfig(host, port, username, Secret.of(secret), auth, connect, ping, read, response,
                resync, backoff, events);
    }

    /** AMI is a line protocol: a line break in a header value would inject headers. */
    private static void noLineBreaks(String s, String path, Values v) {
        if (s != null && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
            v.problems.add(path, "must not contain line breaks");
        }
    }

    private static TrunkRules trunks(JsonNode node, String path, Values v) {
        int before = v.problems.size();
        ObjectNode trunks = v.mapping(node, path, TRUNK_KEYS);
        if (trunks == null) {
            return v.problems.size() > before ? null : TrunkRules.none();
        }
        String namesPath = Problems.child(path, "names");
        List<String> names = v.stringList(trunks.get("names"), namesPath);
        String extPath = Problems.child(path, "extensions");
        List<String> extensions = v.stringList(trunks.get("extensions"), extPath);
        if (names != null && extensions != null) {
            for (int i = 0; i < extensions.size(); i++) {
                int j = names.indexOf(extensions.get(i));
                if (j >= 0) {
                    v.problems.add(Problems.index(extPath, i), Problems.quote(extensions.get(i))
                            + " is also listed in " + Problems.index(namesPath, j));
                }
            }
        }
        Pattern match = null;
        String matchPath = Problems.child(path, "match");
        String regex = v.optional(trunks.get("match"), matchPath, null);
        if (regex != null) {
            try {
                match = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                v.problems.add(matchPath, "invalid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            }
        }
        Map<String, Integer> capacity = capacity(trunks.get("capacity_channels"),
                Problems.child(path, "capacity_channels"), v);
        if (v.problems.size() > before) {
            return null;
        }
        return new TrunkRules(new LinkedHashSet<>(names), new LinkedHashSet<>(extensions),
                match, capacity);
    }

    private static Map<String, Integer> capacity(JsonNode node, String path, Values v) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (Values.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            v.problems.add(path, "expected a mapping of trunk name to channels, got " + Values.describe(node, false));
            return null;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String entryPath = Problems.child(path, e.getKey());
            if (e.getKey().isBlank()) {
                v.problems.add(entryPath, "trunk name must not be empty");
                continue;
            }
            if (Values.absent(e.getValue())) {
                v.problems.add(entryPath, "required");
                continue;
            }
            Integer n = v.integer(e.getValue(), entryPath, 0, 1, Integer.MAX_VALUE, "must be at least 1");
            if (n != null) {
                out.put(e.getKey(), n);
            }
        }
        return out;
    }
}
