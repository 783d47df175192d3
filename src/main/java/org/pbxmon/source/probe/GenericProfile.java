package org.pbxmon.source.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;

/**
 * Any JSON document: each configured mapping turns the value at a JSON path into a metric, or, with
 * {@code each}, every element of an array or object into one series named by a label.
 */
final class GenericProfile implements Profile {
    static final String DOCUMENT = "document";

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public List<Request> requests(ProbeConfig config, long nowMs) {
        return List.of(new Request(DOCUMENT, "", false));
    }

    @Override
    public void parse(ProbeConfig config, Map<String, Answer> answers, long nowMs, Reading out) {
        String what = config.url().getRawPath() == null || config.url().getRawPath().isEmpty() ? "/" : config.url().getRawPath();
        JsonNode doc = out.document(answers.get(DOCUMENT), what);
        out.up = doc != null;
        map(config.metrics(), doc, what, out);
    }

    /** Applies every mapping to {@code doc}; a mapping that does not fit records a problem and is skipped. */
    static void map(List<ProbeConfig.MetricMapping> mappings, JsonNode doc, String what, Reading out) {
        if (doc == null) {
            return;
        }
        for (ProbeConfig.MetricMapping m : mappings) {
            JsonNode n = out.at(doc, m.path(), what);
            if (n == null) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            new TreeMap<>(m.labels()).forEach((k, v) -> {
                labels.add(k);
                labels.add(v);
            });
            if (m.eachLabel() == null) {
                value(m, n, m.path(), labels, what, out);
            } else if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    JsonNode el = n.get(i);
                    String elPath = m.path() + "." + i;
                    String name = String.valueOf(i);
                    if (!m.eachKey().isEmpty()) {
                        JsonNode k = Json.at(el, m.eachKey());
                        if (k == null || !k.isValueNode() || k.isNull()) {
                            out.problem("missing_field", what + ": missing field " + elPath + "." + m.eachKey());
                            continue;
                        }
                        name = k.asText();
                    }
                    element(m, el, elPath, labels, name, what, out);
                }
            } else if (n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    element(m, e.getValue(), m.path() + "." + e.getKey(), labels, e.getKey(), what, out);
                }
            } else {
                out.problem("bad_value", what + ": " + m.path() + " is " + Json.describe(n) + ", not an array or object");
            }
        }
    }

    private static void element(ProbeConfig.MetricMapping m, JsonNode el, String elPath, List<String> labels,
            String name, String what, Reading out) {
        List<String> l = new ArrayList<>(labels);
        l.add(m.eachLabel());
        l.add(name);
        JsonNode v = Json.at(el, m.eachValue());
        String vPath = m.eachValue().isEmpty() ? elPath : elPath + "." + m.eachValue();
        if (v == null || v.isNull()) {
            out.problem("missing_field", what + ": missing field " + vPath);
            return;
        }
        value(m, v, vPath, l, what, out);
    }

    private static void value(ProbeConfig.MetricMapping m, JsonNode n, String path, List<String> labels, String what,
            Reading out) {
        Double d = Json.number(n);
        boolean counter = m.type().equals("counter");
        if (d == null) {
            out.problem("bad_value", what + ": " + path + " is not a number, got " + Json.describe(n));
        } else if (counter && d < 0) {
            out.problem("bad_value", what + ": " + path + " is negative, but " + m.name() + " is a counter");
        } else {
            out.sample(new ProbeStatus.Sample(m.name(), true, counter, m.help(), labels, d));
        }
    }
}
