package org.pbxmon.artefacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names an artefact reads: identifiers of PromQL expressions (rules, rule unit tests,
 * dashboard targets and variables) once strings, label matchers, grouping clauses, ranges, Grafana
 * variables, keywords and function calls are taken out.
 */
final class MetricNames {
    static final Path RULES_DIR = Path.of("alert-rules");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Series Prometheus makes itself, not the agent. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "Inf", "NaN");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(.*?)\\s*(?:,\\s*\\w+\\s*)?\\)");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w.])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");

    private MetricNames() {
    }

    /** The metric names (and recording-rule names) one expression reads. */
    static Set<String> of(String expr) {
        String e = expr;
        Matcher lv = LABEL_VALUES.matcher(e);
        if (lv.find()) {
            e = lv.group(1).matches("\\w+") && !e.contains(",") ? "" : lv.group(1); // label_values(label): no metric
        }
        e = e.replaceAll("(?m)#.*$", " ")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", " ")
                .replaceAll("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]", " 1 ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENT.matcher(e);
        while (m.find()) {
            String id = m.group();
            if (!KEYWORDS.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The rule files' expressions by "file / rule" (alert or record name), the unit tests' expressions and input series too. */
    static Map<String, String> ruleExpressions() {
        Map<String, String> out = new TreeMap<>();
        for (Path f : files(RULES_DIR, ".yml")) {
            JsonNode doc = yaml(f);
            for (JsonNode g : doc.path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    String name = r.has("alert") ? r.path("alert").asText() : r.path("record").asText();
                    out.put(f.getFileName() + " / " + name, r.path("expr").asText());
                }
            }
            int i = 0;
            for (JsonNode t : doc.path("tests")) {
                for (JsonNode s : t.path("input_series")) {
                    out.put(f.getFileName() + " / test " + i + " series " + s.path("series").asText(), s.path("series").asText());
                }
                for (JsonNode p : t.path("promql_expr_test")) {
                    out.put(f.getFileName() + " / test " + i + " expr " + p.path("expr").asText(), p.path("expr").asText());
                }
                i++;
            }
        }
        return out;
    }

    /** The recording rules' outputs. */
    static Set<String> recorded() {
        Set<String> out = new TreeSet<>();
        for (Path f : files(RULES_DIR, ".yml")) {
            for (JsonNode g : yaml(f).path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    if (r.has("record")) {
                        out.add(r.path("record").asText());
                    }
                }
            }
        }
        return out;
    }

    /** Every dashboard target, annotation and template-variable query by "uid / where". */
    static Map<String, String> dashboardExpressions() {
        Map<String, String> out = new TreeMap<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            String uid = d.model().path("uid").asText();
            for (JsonNode p : d.panels()) {
                for (JsonNode t : p.path("targets")) {
                    out.put(uid + " / " + p.path("title").asText() + " / " + t.path("refId").asText(), t.path("expr").asText());
                }
            }
            for (JsonNode v : d.model().path("templating").path("list")) {
                if ("query".equals(v.path("type").asText())) {
                    JsonNode q = v.path("query");
                    out.put(uid + " / $" + v.path("name").asText(), q.isTextual() ? q.asText() : q.path("query").asText());
                }
            }
            for (JsonNode a : d.model().path("annotations").path("list")) {
                if (a.has("expr")) {
                    out.put(uid + " / annotation " + a.path("name").asText(), a.path("expr").asText());
                }
            }
        }
        return out;
    }

    static JsonNode yaml(Path f) {
        try {
            return YAML.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sample names of a text-format exposition (histograms give their _bucket, _sum and _count). */
    static Set<String> exposed(String metrics) {
        Set<String> out = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    /** Names read by {@code exprs} that are neither exposed, nor recorded, nor Prometheus' own: "where: name". */
    static Map<String, String> missing(Map<String, String> exprs, Set<String> exposed, Set<String> recorded) {
        Map<String, String> out = new TreeMap<>();
        exprs.forEach((where, expr) -> {
            for (String n : of(expr)) {
                if (!exposed.contains(n) && !recorded.contains(n) && !PROMETHEUS_OWN.contains(n)) {
                    out.put(where + ": " + n, expr);
                }
            }
        });
        return out;
    }
}
