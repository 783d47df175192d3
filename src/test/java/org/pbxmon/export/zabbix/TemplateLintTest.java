package org.pbxmon.export.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Structural lint of the shipped templates: what Zabbix would refuse at import, or silently break. */
class TemplateLintTest {
    private static final Pattern UUID4 = Pattern.compile("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
    private static final Pattern USER_MACRO = Pattern.compile("\\{\\$([A-Z0-9_.]+)(?::\"[^\"]*\")?}");
    private static final Pattern LLD_MACRO = Pattern.compile("\\{#[A-Z0-9_.]+}");

    static Stream<Path> files() {
        return Stream.of(Template.V6, Template.V7);
    }

    /** Every template of every file: the per-PBX one and the agent-wide one. */
    static Stream<Template> templates() {
        return files().flatMap(f -> Template.all(f).stream());
    }

    @ParameterizedTest
    @MethodSource("files")
    void bothTemplatesInEachFile(Path file) {
        List<String> names = Template.all(file).stream().map(Template::host).toList();
        assertEquals(List.of(Template.PBX_TEMPLATE, Template.AGENT_TEMPLATE), names);
    }

    @Test
    void exportFormats() {
        JsonNode v6 = Template.load(Template.V6).root.path("zabbix_export");
        assertEquals("6.0", v6.path("version").asText());
        assertTrue(v6.has("groups") && !v6.has("template_groups"), "6.0 has groups, not template_groups");
        JsonNode v7 = Template.load(Template.V7).root.path("zabbix_export");
        assertEquals("7.0", v7.path("version").asText());
        assertTrue(v7.has("template_groups") && !v7.has("groups"), "7.0 has template_groups");
    }

    /** The 7.0 export is the 6.0 one with template_groups, no date, and dependent items without delay. */
    @Test
    void sevenIsTheSameContentAsSix() {
        ObjectNode six = (ObjectNode) Template.load(Template.V6).root.deepCopy();
        ObjectNode z = (ObjectNode) six.path("zabbix_export");
        z.put("version", "7.0");
        z.remove("date");
        z.set("template_groups", z.remove("groups"));
        stripDependentDelay(z);
        JsonNode seven = Template.load(Template.V7).root;
        assertEquals(six.path("zabbix_export").path("templates"), seven.path("zabbix_export").path("templates"));
        assertEquals(z.path("template_groups"), seven.path("zabbix_export").path("template_groups"));
    }

    private static void stripDependentDelay(JsonNode n) {
        if (n.isObject()) {
            if ("DEPENDENT".equals(n.path("type").asText())) {
                ((ObjectNode) n).remove("delay");
            }
            n.forEach(TemplateLintTest::stripDependentDelay);
        } else if (n.isArray()) {
            n.forEach(TemplateLintTest::stripDependentDelay);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void uuidsAreValidV4AndUnique(Path file) {
        List<String> uuids = new ArrayList<>();
        collect(Template.load(file).root, "uuid", uuids);
        assertTrue(uuids.size() > 50, "uuids: " + uuids.size());
        Set<String> seen = new HashSet<>();
        for (String u : uuids) {
            assertTrue(UUID4.matcher(u).matches(), "not a UUIDv4 as 32 hex characters: " + u);
            assertTrue(seen.add(u), "duplicate uuid " + u);
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void keysAreUniqueAndPrototypesCarryMacros(Template t) {
        Set<String> keys = new HashSet<>();
        for (JsonNode i : t.items()) {
            assertTrue(keys.add(i.path("key").asText()), "duplicate key " + i.path("key"));
        }
        for (JsonNode r : t.rules()) {
            assertTrue(keys.add(r.path("key").asText()), "duplicate key " + r.path("key"));
            for (JsonNode p : Template.prototypes(r)) {
                String k = p.path("key").asText();
                assertTrue(keys.add(k), "duplicate key " + k);
                assertTrue(LLD_MACRO.matcher(k).find(), "prototype key without an LLD macro: " + k);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void itemsAreWellFormed(Template t) {
        Set<String> regular = new HashSet<>();
        t.items().forEach(i -> regular.add(i.path("key").asText()));
        Set<String> valuemaps = new HashSet<>();
        Template.list(t.template.path("valuemaps")).forEach(v -> valuemaps.add(v.path("name").asText()));
        Set<String> usedMaps = new HashSet<>();
        List<JsonNode> all = new ArrayList<>(t.items());
        Map<JsonNode, Set<String>> visible = new HashMap<>();
        t.items().forEach(i -> visible.put(i, regular));
        for (JsonNode r : t.rules()) {
            http(r, "1m");
            assertFalse(Template.prototypes(r).isEmpty(), "rule without prototypes: " + r.path("key"));
            Set<String> vis = new HashSet<>(regular);
            Template.prototypes(r).forEach(p -> vis.add(p.path("key").asText()));
            for (JsonNode p : Template.prototypes(r)) {
                all.add(p);
                visible.put(p, vis);
            }
        }
        for (JsonNode i : all) {
            String key = i.path("key").asText();
            assertFalse(i.path("name").asText().isEmpty(), "item without a name: " + key);
            assertFalse(i.path("description").asText().isEmpty(), "item without a description: " + key);
            switch (i.path("type").asText()) {
                case "HTTP_AGENT" -> {
                    http(i, "30s");
                    assertEquals("TEXT", i.path("value_type").asText(), key);
                }
                case "DEPENDENT" -> {
                    String master = i.path("master_item").path("key").asText();
                    assertTrue(visible.get(i).contains(master), key + ": master " + master + " is not an item of the template or rule");
                    JsonNode first = i.path("preprocessing").path(0);
                    assertEquals("JSONPATH", first.path("type").asText(), key + ": first step must be JSONPATH");
                    assertTrue(first.path("parameters").path(0).asText().startsWith("$"), key);
                }
                default -> throw new AssertionError(key + ": unexpected item type " + i.path("type"));
            }
            if (i.has("valuemap")) {
                String vm = i.path("valuemap").path("name").asText();
                assertTrue(valuemaps.contains(vm), key + ": value map " + vm + " is not defined");
                usedMaps.add(vm);
            }
        }
        assertEquals(valuemaps, usedMaps, "every value map is used");
    }

    private static void http(JsonNode i, String delay) {
        String key = i.path("key").asText();
        assertEquals("HTTP_AGENT", i.path("type").asText(), key);
        assertEquals(delay, i.path("delay").asText(), key + ": poll interval");
        assertEquals("BASIC", i.path("authtype").asText(), key + ": authtype (README: sed BASIC to DIGEST)");
        assertEquals("{$PBXMON.USER}", i.path("username").asText(), key);
        assertEquals("{$PBXMON.PASSWORD}", i.path("password").asText(), key);
        assertTrue(i.path("url").asText().startsWith("{$PBXMON.URL}/zabbix/"), key + ": " + i.path("url"));
    }

    @ParameterizedTest
    @MethodSource("templates")
    void triggersNameExistingItemsOfTheTemplate(Template t) {
        Set<String> regular = new HashSet<>();
        t.items().forEach(i -> regular.add(i.path("key").asText()));
        Set<String> names = new HashSet<>();
        Map<String, String> byName = new HashMap<>();
        for (Template.Trigger tr : t.triggers()) {
            byName.put(tr.name(), tr.expression());
        }
        for (Template.Trigger tr : t.triggers()) {
            assertTrue(names.add(tr.name()), "duplicate trigger name " + tr.name());
            List<TriggerExpr.Call> calls = TriggerExpr.calls(tr.expression());
            assertFalse(calls.isEmpty(), tr.expression());
            Set<String> protos = new HashSet<>();
            if (tr.rule() != null) {
                Template.prototypes(tr.rule()).forEach(p -> protos.add(p.path("key").asText()));
            }
            boolean usesPrototype = false;
            for (TriggerExpr.Call c : calls) {
                assertEquals(t.host(), c.host(), "trigger names another host: " + tr.expression());
                boolean known = regular.contains(c.key()) || protos.contains(c.key());
                assertTrue(known, "trigger names an unknown item " + c.key() + ": " + tr.expression());
                usesPrototype |= protos.contains(c.key());
            }
            if (tr.rule() != null) {
                assertTrue(usesPrototype, "trigger prototype without an item prototype: " + tr.expression());
            }
            if (tr.ownerItem() != null) {
                String owner = tr.ownerItem().path("key").asText();
                assertTrue(calls.stream().allMatch(c -> c.key().equals(owner)),
                        "a trigger nested under " + owner + " names other items: " + tr.expression());
            }
            assertTrue(tr.node().path("description").asText().contains("Recovers when"),
                    "trigger description must say when it recovers: " + tr.name());
            assertTrue(Set.of("INFO", "WARNING", "AVERAGE", "HIGH", "DISASTER").contains(tr.node().path("priority").asText()),
                    tr.name());
            for (JsonNode d : Template.list(tr.node().path("dependencies"))) {
                assertEquals(byName.get(d.path("name").asText()), d.path("expression").asText(),
                        "dependency on an unknown trigger: " + d);
            }
        }
        assertTrue(names.size() >= (t.host().equals(Template.PBX_TEMPLATE) ? 10 : 4), "triggers: " + names);
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyMacroUsedIsDefinedAndDescribed(Template t) {
        Set<String> defined = new TreeSet<>();
        for (JsonNode m : Template.list(t.template.path("macros"))) {
            Matcher mm = USER_MACRO.matcher(m.path("macro").asText());
            assertTrue(mm.matches(), "bad macro name " + m.path("macro"));
            defined.add(mm.group(1));
            assertFalse(m.path("description").asText().isBlank(), "macro without a description: " + m.path("macro"));
        }
        List<String> texts = new ArrayList<>();
        collectText(t.template.path("items"), texts);
        collectText(t.template.path("discovery_rules"), texts);
        collectText(t.template.path("description"), texts);
        Set<String> used = new TreeSet<>();
        for (String s : texts) {
            Matcher m = USER_MACRO.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (String u : used) {
            assertTrue(defined.contains(u), "macro {$" + u + "} is used but not defined");
        }
        Set<String> unused = new TreeSet<>(defined);
        unused.removeAll(used);
        assertTrue(unused.isEmpty(), "defined but never used: " + unused);
        JsonNode password = Template.list(t.template.path("macros")).stream()
                .filter(m -> m.path("macro").asText().equals("{$PBXMON.PASSWORD}")).findFirst().orElseThrow();
        assertEquals("SECRET_TEXT", password.path("type").asText());
    }

    private static void collect(JsonNode n, String field, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> {
                if (f.getKey().equals(field)) {
                    out.add(f.getValue().asText());
                } else {
                    collect(f.getValue(), field, out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, field, out));
        }
    }

    private static void collectText(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        } else {
            n.forEach(c -> collectText(c, out));
        }
    }
}
