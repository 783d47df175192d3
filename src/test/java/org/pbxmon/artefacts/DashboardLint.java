package org.pbxmon.artefacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural rules every shipped dashboard keeps, as a list of problems (empty when clean), so a
 * test can show both that the real files are clean and that each rule catches its defect.
 */
final class DashboardLint {
    static final String DS_UID = "${datasource}";
    private static final Pattern RANGE_FN = Pattern.compile("\\b(rate|irate|increase|resets|changes|delta|deriv)\\s*\\(");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)\\]");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)\\}");

    private DashboardLint() {
    }

    static List<String> problems(Dashboards.Dashboard d) {
        List<String> out = new ArrayList<>();
        JsonNode m = d.model();
        if (m.path("schemaVersion").asInt() < 36) {
            out.add("schemaVersion " + m.path("schemaVersion") + " < 36");
        }
        if (m.has("__inputs") || m.has("__requires")) {
            out.add("__inputs/__requires present (break file provisioning)");
        }
        if (d.raw().contains("${DS_")) {
            out.add("a ${DS_...} placeholder");
        }
        if (m.path("uid").asText().isBlank()) {
            out.add("no uid");
        }
        variables(d, out);
        panels(d, out);
        for (JsonNode a : m.path("annotations").path("list")) {
            if (a.has("expr")) {
                datasource("annotation " + a.path("name").asText(), a.path("datasource"), out);
                expr("annotation " + a.path("name").asText(), a.path("expr").asText(), out);
            }
        }
        return out;
    }

    private static void variables(Dashboards.Dashboard d, List<String> out) {
        JsonNode ds = d.variable("datasource");
        if (ds == null || !"datasource".equals(ds.path("type").asText()) || !"prometheus".equals(ds.path("query").asText())) {
            out.add("no datasource variable of type datasource, query prometheus");
        }
        for (String name : List.of("job", "instance", "pbx")) {
            JsonNode v = d.variable(name);
            if (v == null || !"query".equals(v.path("type").asText())) {
                out.add("no query variable " + name);
                continue;
            }
            datasource("variable " + name, v.path("datasource"), out);
            String q = v.path("query").isTextual() ? v.path("query").asText() : v.path("query").path("query").asText();
            if (!q.startsWith("label_values(") || !q.endsWith(", " + name + ")")) {
                out.add("variable " + name + " is not label_values(..., " + name + "): " + q);
            }
        }
    }

    private static void panels(Dashboards.Dashboard d, List<String> out) {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : d.allPanels()) {
            String t = "panel '" + p.path("title").asText() + "'";
            if (!p.path("id").isInt() || !ids.add(p.path("id").asInt())) {
                out.add(t + ": missing or duplicate id " + p.path("id"));
            }
            JsonNode g = p.path("gridPos");
            if (!(g.path("h").isInt() && g.path("w").isInt() && g.path("x").isInt() && g.path("y").isInt())) {
                out.add(t + ": no complete gridPos");
                continue;
            }
            int[] b = {g.get("x").asInt(), g.get("y").asInt(), g.get("w").asInt(), g.get("h").asInt()};
            if (b[0] < 0 || b[2] < 1 || b[0] + b[2] > 24 || b[3] < 1) {
                out.add(t + ": gridPos out of the 24 columns " + g);
            }
            for (int[] o : boxes) {
                if (b[0] < o[0] + o[2] && o[0] < b[0] + b[2] && b[1] < o[1] + o[3] && o[1] < b[1] + b[3]) {
                    out.add(t + ": gridPos overlaps another panel " + g);
                }
            }
            boxes.add(b);
        }
        for (JsonNode p : d.panels()) {
            String t = "panel '" + p.path("title").asText() + "'";
            datasource(t, p.path("datasource"), out);
            if (p.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
                out.add(t + ": no unit");
            }
            if (p.path("description").asText().isBlank()) {
                out.add(t + ": no description");
            }
            if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
                out.add(t + ": no targets");
            }
            for (JsonNode target : p.path("targets")) {
                String tt = t + " target " + target.path("refId").asText();
                datasource(tt, target.path("datasource"), out);
                if (target.path("expr").asText().isBlank()) {
                    out.add(tt + ": no expr");
                } else {
                    expr(tt, target.path("expr").asText(), out);
                }
            }
        }
    }

    private static void datasource(String where, JsonNode ds, List<String> out) {
        if (!"prometheus".equals(ds.path("type").asText()) || !DS_UID.equals(ds.path("uid").asText())) {
            out.add(where + ": datasource is not {type: prometheus, uid: ${datasource}}: " + ds);
        }
    }

    /** Ranges only as $__rate_interval, and every selector scoped to the job and instance variables. */
    static void expr(String where, String expr, List<String> out) {
        Matcher r = RANGE.matcher(expr);
        while (r.find()) {
            if (!"$__rate_interval".equals(r.group(1))) {
                out.add(where + ": range [" + r.group(1) + "] instead of [$__rate_interval]: " + expr);
            }
        }
        Matcher f = RANGE_FN.matcher(expr);
        while (f.find()) {
            String arg = argument(expr, f.end());
            if (!arg.trim().endsWith("[$__rate_interval]")) {
                out.add(where + ": " + f.group(1) + "(" + arg + ") without [$__rate_interval]");
            }
        }
        Matcher s = SELECTOR.matcher(expr);
        boolean any = false;
        while (s.find()) {
            any = true;
            if (!s.group(1).contains("job=~\"$job\"") || !s.group(1).contains("instance=~\"$instance\"")) {
                out.add(where + ": selector {" + s.group(1) + "} not scoped by job and instance: " + expr);
            }
        }
        if (!any) {
            out.add(where + ": no label selector (not scoped by job and instance): " + expr);
        }
    }

    /** The text of a call's argument list, from just after its opening parenthesis to the matching one. */
    private static String argument(String expr, int from) {
        int depth = 1;
        for (int i = from; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return expr.substring(from, i);
            }
        }
        return expr.substring(from);
    }
}
