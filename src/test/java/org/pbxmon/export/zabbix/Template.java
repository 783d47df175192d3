package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Zabbix template export (YAML) as the test reads it: items, discovery rules, triggers, macros. */
final class Template {
    static final Path DIR = Path.of("zabbix-templates");
    static final Path V6 = DIR.resolve("pbxmon_by_http.yaml");
    static final Path V7 = DIR.resolve("pbxmon_by_http_7.0.yaml");

    /** A trigger or trigger prototype; {@code rule} is null for a regular trigger. */
    record Trigger(JsonNode node, JsonNode rule, JsonNode ownerItem) {
        String expression() {
            return node.path("expression").asText();
        }

        String name() {
            return node.path("name").asText();
        }
    }

    final JsonNode root;
    final JsonNode template;

    /** The per-PBX template and the agent-wide one, both in each export file. */
    static final String PBX_TEMPLATE = "pbxmon by HTTP";
    static final String AGENT_TEMPLATE = "pbxmon agent by HTTP";

    private Template(JsonNode root, JsonNode template) {
        this.root = root;
        this.template = template;
    }

    private static JsonNode read(Path p) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-PBX template of an export file. */
    static Template load(Path p) {
        return load(p, PBX_TEMPLATE);
    }

    /** One template of an export file, by its technical name. */
    static Template load(Path p, String name) {
        return all(p).stream().filter(t -> t.host().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no template " + name + " in " + p));
    }

    /** Every template of an export file. */
    static List<Template> all(Path p) {
        JsonNode root = read(p);
        List<Template> out = new ArrayList<>();
        list(root.path("zabbix_export").path("templates")).forEach(t -> out.add(new Template(root, t)));
        return out;
    }

    @Override
    public String toString() {
        return host();
    }

    String host() {
        return template.path("template").asText();
    }

    List<JsonNode> items() {
        return list(template.path("items"));
    }

    List<JsonNode> rules() {
        return list(template.path("discovery_rules"));
    }

    static List<JsonNode> prototypes(JsonNode rule) {
        return list(rule.path("item_prototypes"));
    }

    /** Regular triggers and trigger prototypes, nested under items or listed on their own. */
    List<Trigger> triggers() {
        List<Trigger> out = new ArrayList<>();
        for (JsonNode i : items()) {
            list(i.path("triggers")).forEach(t -> out.add(new Trigger(t, null, i)));
        }
        list(root.path("zabbix_export").path("triggers")).forEach(t -> out.add(new Trigger(t, null, null)));
        for (JsonNode r : rules()) {
            for (JsonNode p : prototypes(r)) {
                list(p.path("trigger_prototypes")).forEach(t -> out.add(new Trigger(t, r, p)));
            }
            list(r.path("trigger_prototypes")).forEach(t -> out.add(new Trigger(t, r, null)));
        }
        return out;
    }

    /** Macro (with its context, as written) to value. */
    Map<String, String> macros() {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode n : list(template.path("macros"))) {
            m.put(n.path("macro").asText(), n.path("value").asText());
        }
        return m;
    }

    static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }
}
