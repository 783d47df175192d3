package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One poll of the template against a live agent, done the way Zabbix does it: user macros resolved
 * (template values, then the host's overrides), HTTP agent masters fetched with the template's
 * credentials, discovery rows filtered by the rule's filter, LLD macros substituted in every
 * prototype, dependent items computed by their JSONPath preprocessing (Zabbix's {@code .first()}
 * included) and checked against their value type, a step's error handler (discard the value, or a
 * custom value) applied when its JSONPath matches nothing, and HTTP agent items accept their
 * status_codes. Anything Zabbix would mark unsupported is an entry of {@link #errors}.
 */
final class ZabbixPoll {
    private static final Pattern USER_MACRO = Pattern.compile("\\{\\$[A-Z0-9_.]+(?::\"[^\"]*\")?}");
    private static final Pattern LLD_MACRO = Pattern.compile("\\{#[A-Z0-9_.]+}");
    private static final Configuration JSONPATH = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS);
    /** Throws on a missing key, so that a JSON null and a missing key can be told apart. */
    private static final Configuration STRICT = Configuration.defaultConfiguration();

    final Template template;
    final Map<String, String> macros;
    final ZabbixLab lab;
    final int port;
    /** Resolved item key to its value (String, Long or Double; masters: the body). */
    final Map<String, Object> values = new LinkedHashMap<>();
    /** Masters whose request failed: what {@code nodata} sees. */
    final List<String> noData = new ArrayList<>();
    /** Discovery rule key to the rows that passed its filter. */
    final Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
    /** Raw discovery output per rule key (before the filter). */
    final Map<String, List<Map<String, String>>> rawRows = new LinkedHashMap<>();
    final List<String> errors = new ArrayList<>();
    /** Dependent items Zabbix would mark "not supported" (no value, or a value of the wrong type). */
    final List<String> unsupported = new ArrayList<>();
    /** Each evaluated trigger: resolved name to its value; errors (unknown) go to {@link #errors}. */
    final Map<String, Boolean> triggers = new LinkedHashMap<>();
    final Map<String, Template.Trigger> triggerSource = new LinkedHashMap<>();

    private ZabbixPoll(Template template, ZabbixLab lab, Map<String, String> hostMacros) {
        this.template = template;
        this.lab = lab;
        this.port = lab.agent.port();
        this.macros = new HashMap<>(template.macros());
        this.macros.putAll(hostMacros);
    }

    static ZabbixPoll run(Template t, ZabbixLab lab, Map<String, String> hostMacros) {
        ZabbixPoll p = new ZabbixPoll(t, lab, hostMacros);
        p.poll();
        return p;
    }

    private void poll() {
        Map<String, String> none = Map.of();
        for (JsonNode i : template.items()) {
            if (i.path("type").asText().equals("HTTP_AGENT")) {
                fetch(i, none);
            }
        }
        for (JsonNode i : template.items()) {
            if (i.path("type").asText().equals("DEPENDENT")) {
                dependent(i, none);
            }
        }
        for (JsonNode rule : template.rules()) {
            for (Map<String, String> row : discover(rule)) {
                for (JsonNode p : Template.prototypes(rule)) {
                    if (p.path("type").asText().equals("HTTP_AGENT")) {
                        fetch(p, row);
                    }
                }
                for (JsonNode p : Template.prototypes(rule)) {
                    if (p.path("type").asText().equals("DEPENDENT")) {
                        dependent(p, row);
                    }
                }
            }
        }
        for (Template.Trigger t : template.triggers()) {
            List<Map<String, String>> instances = t.rule() == null ? List.of(Map.of())
                    : rows.getOrDefault(t.rule().path("key").asText(), List.of());
            for (Map<String, String> row : instances) {
                evaluate(t, row);
            }
        }
    }

    private List<Map<String, String>> discover(JsonNode rule) {
        String key = rule.path("key").asText();
        List<Map<String, String>> out = new ArrayList<>();
        rows.put(key, out);
        HttpResponse<String> r = get(resolve(rule.path("url").asText(), Map.of()));
        if (r.statusCode() != 200) {
            errors.add("discovery " + key + ": HTTP " + r.statusCode() + " " + r.body());
            return out;
        }
        List<Map<String, String>> raw = new ArrayList<>();
        try {
            JsonNode arr = ZabbixJson.JSON.readTree(r.body());
            if (!arr.isArray()) {
                errors.add("discovery " + key + ": not a JSON array: " + r.body());
                return out;
            }
            for (JsonNode o : arr) {
                Map<String, String> row = new LinkedHashMap<>();
                o.fields().forEachRemaining(f -> row.put(f.getKey(), f.getValue().asText()));
                raw.add(row);
            }
        } catch (Exception e) {
            errors.add("discovery " + key + ": " + e);
            return out;
        }
        rawRows.put(key, raw);
        for (Map<String, String> row : raw) {
            if (passes(rule.path("filter"), row, key)) {
                out.add(row);
            }
        }
        return out;
    }

    private boolean passes(JsonNode filter, Map<String, String> row, String ruleKey) {
        boolean all = true;
        boolean any = false;
        for (JsonNode c : Template.list(filter.path("conditions"))) {
            String macro = c.path("macro").asText();
            String value = row.get(macro);
            if (value == null) {
                errors.add("discovery " + ruleKey + ": filter macro " + macro + " missing in row " + row);
                return false;
            }
            boolean found = Pattern.compile(resolve(c.path("value").asText(), Map.of())).matcher(value).find();
            boolean ok = c.path("operator").asText("MATCHES_REGEX").equals("NOT_MATCHES_REGEX") ? !found : found;
            all &= ok;
            any |= ok;
        }
        return filter.path("evaltype").asText("AND_OR").equals("OR") ? any || filter.path("conditions").isEmpty() : all;
    }

    private void fetch(JsonNode item, Map<String, String> row) {
        String key = lld(item.path("key").asText(), row);
        HttpResponse<String> r = get(resolve(item.path("url").asText(), row));
        if (!List.of(item.path("status_codes").asText("200").split(",")).contains(String.valueOf(r.statusCode()))) {
            errors.add("item " + key + ": HTTP " + r.statusCode() + " " + r.body());
            noData.add(key);
            return;
        }
        values.put(key, r.body());
    }

    private void dependent(JsonNode item, Map<String, String> row) {
        String key = lld(item.path("key").asText(), row);
        String master = lld(item.path("master_item").path("key").asText(), row);
        Object in = values.get(master);
        if (in == null) {
            errors.add("item " + key + ": master " + master + " has no value");
            return;
        }
        Object v = in;
        for (JsonNode step : Template.list(item.path("preprocessing"))) {
            String type = step.path("type").asText();
            String param = lld(resolve(step.path("parameters").path(0).asText(), row), row);
            switch (type) {
                case "JSONPATH" -> v = jsonPath(String.valueOf(v), param);
                case "DISCARD_UNCHANGED_HEARTBEAT" -> { }
                case "CHANGE_PER_SECOND" -> {
                    if (!(v instanceof Number)) {
                        v = null;
                    }
                }
                default -> {
                    errors.add("item " + key + ": preprocessing " + type + " is not evaluated by this test");
                    return;
                }
            }
            if (v == null && step.path("error_handler").asText().equals("DISCARD_VALUE")) {
                return;
            }
            if (v == null && step.path("error_handler").asText().equals("CUSTOM_VALUE")) {
                v = step.path("error_handler_params").asText();
            }
            if (v == null) {
                errors.add("item " + key + ": " + type + " " + param + " gave no value");
                unsupported.add(key);
                return;
            }
        }
        String type = item.path("value_type").asText("UNSIGNED");
        Object typed = v == JSON_NULL ? null : typed(v, type);
        if (typed == null) {
            errors.add("item " + key + ": value " + v + " (" + (v == JSON_NULL ? "JSON null" : v.getClass().getSimpleName())
                    + ") is not " + type);
            unsupported.add(key);
            return;
        }
        values.put(key, typed);
    }

    /**
     * What Zabbix's JSONPath step gives for a JSON {@code null}: the text "null" (its jsonpath.c prints
     * any non-string value as JSON), which no numeric value type accepts, so the item turns "not
     * supported". A missing key is "no data matches the specified path": not supported too.
     */
    static final Object JSON_NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * Zabbix JSONPath: a definite path, or an indefinite one ending in .first() (exactly one match here).
     * Null when no data matches; {@link #JSON_NULL} for a JSON null.
     */
    static Object jsonPath(String json, String path) {
        return zabbixJsonPath(json, path);
    }

    static Object zabbixJsonPath(String json, String path) {
        if (path.endsWith(".first()")) {
            Object list = JsonPath.using(JSONPATH).parse(json).read(path.substring(0, path.length() - ".first()".length()));
            if (list instanceof List<?> l && l.size() == 1) {
                return l.get(0) == null ? JSON_NULL : l.get(0);
            }
            return null;
        }
        try {
            Object v = JsonPath.using(STRICT).parse(json).read(path);
            return v == null ? JSON_NULL : v;
        } catch (PathNotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            // e.g. a property of an array: Zabbix says "no data matches the specified path" too
            return null;
        }
    }

    private static Object typed(Object v, String type) {
        return switch (type) {
            case "UNSIGNED" -> (v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0
                    ? ((Number) v).longValue() : null;
            case "FLOAT" -> v instanceof Number n ? n.doubleValue() : null;
            case "CHAR" -> (v instanceof String || v instanceof Number) && String.valueOf(v).length() <= 255
                    ? String.valueOf(v) : null;
            case "TEXT" -> v instanceof String || v instanceof Number ? String.valueOf(v) : null;
            default -> null;
        };
    }

    private void evaluate(Template.Trigger t, Map<String, String> row) {
        String name = resolve(lld(t.name(), row), row);
        String expr = lld(t.expression(), row);
        try {
            boolean fired = TriggerExpr.evaluate(expr, new TriggerExpr.Env() {
                @Override
                public Object call(TriggerExpr.Call c) {
                    if (c.function().equals("nodata")) {
                        return noData.contains(c.key()) || !values.containsKey(c.key()) ? 1.0 : 0.0;
                    }
                    Object v = values.get(c.key());
                    if (v == null) {
                        throw new IllegalArgumentException("no value for " + c.key());
                    }
                    return v instanceof Number n ? (Object) n.doubleValue() : v;
                }

                @Override
                public String macro(String m) {
                    String v = lookup(lld(m, row));
                    if (v == null) {
                        throw new IllegalArgumentException("undefined macro " + m);
                    }
                    return v;
                }
            });
            triggers.put(name, fired);
            triggerSource.put(name, t);
        } catch (RuntimeException e) {
            errors.add("trigger " + name + ": " + e.getMessage());
        }
    }

    /** A user macro's value: with its context, else without; null when undefined. */
    String lookup(String macro) {
        String v = macros.get(macro);
        if (v == null && macro.contains(":")) {
            v = macros.get(macro.substring(0, macro.indexOf(':')) + "}");
        }
        return v;
    }

    /** Substitutes user macros (after LLD macros, so that contexts may hold LLD macros). */
    String resolve(String text, Map<String, String> row) {
        String s = lld(text, row);
        Matcher m = USER_MACRO.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = lookup(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Substitutes LLD macros; a macro the row lacks is an error (Zabbix would leave it unresolved). */
    String lld(String text, Map<String, String> row) {
        Matcher m = LLD_MACRO.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = row.get(m.group());
            if (v == null) {
                errors.add("LLD macro " + m.group() + " not in discovery row " + row + " (in " + text + ")");
                v = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private HttpResponse<String> get(String url) {
        String prefix = "http://127.0.0.1:" + port;
        if (!url.startsWith(prefix + "/")) {
            throw new AssertionError("URL does not start with {$PBXMON.URL}: " + url);
        }
        return lab.get(url.substring(prefix.length()), macros.get("{$PBXMON.USER}"), macros.get("{$PBXMON.PASSWORD}"));
    }
}
