package org.pbxmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Binds {@code pbx[i].quality}. */
final class QualityBinder {
    static final List<String> KEYS = List.of("poor_mes", "service_level_thresholds", "service_level_window", "tenants",
            "tenant_limit");
    static final List<String> TENANT_KEYS = List.of("tenant", "context_prefix", "accountcode", "channel_match",
            "queue_prefix");

    private QualityBinder() {
    }

    /** The settings, the defaults when absent, or null after reporting problems. */
    static QualityConfig bind(JsonNode node, String path, Values v) {
        if (Values.absent(node)) {
            return QualityConfig.DEFAULTS;
        }
        int before = v.problems.size();
        ObjectNode q = v.mapping(node, path, KEYS);
        if (q == null) {
            return null;
        }
        QualityConfig d = QualityConfig.DEFAULTS;
        Integer poor = v.integer(q.get("poor_mes"), Problems.child(path, "poor_mes"), (int) d.poorMes(), 1, 100,
                "must be between 1 and 100");
        List<Duration> thresholds = thresholds(q.get("service_level_thresholds"),
                Problems.child(path, "service_level_thresholds"), v);
        Duration window = v.duration(q.get("service_level_window"), Problems.child(path, "service_level_window"),
                d.serviceLevelWindow());
        String windowPath = Problems.child(path, "service_level_window");
        if (window != null && (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0)) {
            v.problems.add(windowPath, "must be between 1m and 24h");
        }
        Integer limit = v.integer(q.get("tenant_limit"), Problems.child(path, "tenant_limit"), d.tenantLimit(), 1, 1000,
                "must be between 1 and 1000");
        List<QualityConfig.TenantRule> tenants = tenants(q.get("tenants"), Problems.child(path, "tenants"), v);
        if (v.problems.size() > before) {
            return null;
        }
        return new QualityConfig(poor, thresholds, window, tenants, limit);
    }

    private static List<Duration> thresholds(JsonNode node, String path, Values v) {
        if (Values.absent(node)) {
            return QualityConfig.DEFAULTS.serviceLevelThresholds();
        }
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = Problems.index(path, i);
            Duration t = v.duration(items.get(i), p, null);
            if (t == null) {
                if (Values.absent(items.get(i))) {
                    v.problems.add(p, "must not be empty");
                }
                continue;
            }
            if (t.toMillis() % 1000 != 0 || t.compareTo(Duration.ofHours(1)) > 0) {
                v.problems.add(p, "must be whole seconds, at most 1h");
            } else if (out.contains(t)) {
                v.problems.add(p, "listed twice");
            } else {
                out.add(t);
            }
        }
        if (items.isEmpty()) {
            v.problems.add(path, "must list at least one threshold");
        } else if (items.size() > 10) {
            v.problems.add(path, "at most 10 thresholds");
        }
        out.sort(null);
        return out;
    }

    private static List<QualityConfig.TenantRule> tenants(JsonNode node, String path, Values v) {
        List<QualityConfig.TenantRule> out = new ArrayList<>();
        if (Values.absent(node)) {
            return out;
        }
        List<JsonNode> items = v.list(node, path);
        if (items == null) {
            return null;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String p = Problems.index(path, i);
            ObjectNode t = v.mapping(items.get(i), p, TENANT_KEYS);
            if (t == null) {
                if (Values.absent(items.get(i))) {
                    v.problems.add(p, "expected a mapping with tenant and a condition, got nothing");
                }
                continue;
            }
            String tenantPath = Problems.child(p, "tenant");
            String tenant = v.required(t, "tenant", tenantPath, false);
            if (tenant != null && !Values.NAME.matcher(tenant).matches()) {
                v.problems.add(tenantPath, "must match [A-Za-z0-9_.-]+, got " + Problems.quote(tenant));
            } else if (tenant != null && tenant.equals("other")) {
                v.problems.add(tenantPath, "\"other\" is reserved for tenants over tenant_limit");
            }
            String context = v.optional(t.get("context_prefix"), Problems.child(p, "context_prefix"), null);
            String account = v.optional(t.get("accountcode"), Problems.child(p, "accountcode"), null);
            String queue = v.optional(t.get("queue_prefix"), Problems.child(p, "queue_prefix"), null);
            String matchPath = Problems.child(p, "channel_match");
            String regex = v.optional(t.get("channel_match"), matchPath, null);
            Pattern match = null;
            if (regex != null) {
                try {
                    match = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    v.problems.add(matchPath, "invalid regular expression: " + e.getDescription());
                }
            }
            if (context == null && account == null && regex == null && queue == null) {
                v.problems.add(p, "needs at least one of context_prefix, accountcode, channel_match, queue_prefix");
            }
            if (tenant != null) {
                seen.putIfAbsent(tenant, p);
                out.add(new QualityConfig.TenantRule(tenant, context, account, match, queue));
            }
        }
        return out;
    }
}
