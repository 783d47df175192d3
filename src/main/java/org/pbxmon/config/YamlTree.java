package org.pbxmon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;

/**
 * Reads YAML text into a {@link JsonNode} tree whose scalars are all text nodes holding the scalar
 * exactly as written ({@code 0123} stays {@code "0123"}, {@code on} stays {@code "on"}); YAML nulls
 * ({@code ~}, {@code null}, an empty value) become null nodes. Types are decided later by
 * {@link Values}, so a quoted and an unquoted {@code 5038} mean the same and secrets are never
 * reinterpreted as numbers. Duplicate keys, aliases, binary values and multiple documents are errors.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DUPLICATE = "Duplicate field '";

    private final String origin;
    private final Problems problems;
    /** Path of the container being read, to name the key in a duplicate-key error. */
    private String where = "";

    private YamlTree(String origin, Problems problems) {
        this.origin = origin;
        this.problems = problems;
    }

    /**
     * The document's tree ({@link MissingNode} for an empty document), or null after reporting
     * the problems that make it unusable.
     */
    static JsonNode read(String yaml, String origin, Problems problems) {
        return new YamlTree(origin, problems).read(yaml);
    }

    private JsonNode read(String yaml) {
        int before = problems.size();
        try (JsonParser p = FACTORY.createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(p, t, "");
            if (p.nextToken() != null) {
                problems.add(origin, at(p.currentTokenLocation()) + "multiple YAML documents are not supported");
            }
            return problems.size() > before ? null : root;
        } catch (JsonProcessingException e) {
            report(e);
        } catch (YAMLException e) {
            problems.add(origin, message(e));
        } catch (IOException e) {
            problems.add(origin, "cannot read YAML: " + e.getMessage());
        }
        return null;
    }

    private JsonNode value(JsonParser p, JsonToken t, String path) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, path);
            case START_ARRAY:
                return array(p, path);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                problems.add(path, "unsupported YAML value (" + at(p.currentTokenLocation()) + "use a plain string)");
                return NODES.nullNode();
            default:
                if (((YAMLParser) p).isCurrentAlias()) {
                    problems.add(path, "YAML aliases (*" + p.getText() + ") are not supported ("
                            + lineColumn(p.currentTokenLocation()) + ")");
                    return NODES.nullNode();
                }
                return NODES.textNode(p.getText());
        }
    }

    private ObjectNode object(JsonParser p, String path) throws IOException {
        ObjectNode obj = NODES.objectNode();
        JsonToken t;
        while (true) {
            where = path;
            t = p.nextToken();
            if (t != JsonToken.FIELD_NAME) {
                break;
            }
            String key = p.currentName();
            String childPath = Problems.child(path, key);
            obj.set(key, value(p, p.nextToken(), childPath));
        }
        return obj;
    }

    private ArrayNode array(JsonParser p, String path) throws IOException {
        ArrayNode arr = NODES.arrayNode();
        JsonToken t;
        while (true) {
            where = path;
            t = p.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                break;
            }
            arr.add(value(p, t, Problems.index(path, arr.size())));
        }
        return arr;
    }

    private void report(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m) {
            problems.add(origin, message(m));
            return;
        }
        String msg = e.getOriginalMessage();
        if (msg != null && msg.startsWith(DUPLICATE) && msg.endsWith("'")) {
            String key = msg.substring(DUPLICATE.length(), msg.length() - 1);
            JsonLocation loc = e.getProcessor() instanceof JsonParser p ? p.currentTokenLocation() : e.getLocation();
            problems.add(Problems.child(where, key), "duplicate key (" + lineColumn(loc) + ")");
            return;
        }
        problems.add(origin, at(e.getLocation()) + msg);
    }

    /** snakeyaml's problem and context without its source excerpt (which could show a secret). */
    private static String message(YAMLException e) {
        if (e instanceof MarkedYAMLException m) {
            Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
            String problem = m.getProblem() == null ? "invalid YAML" : m.getProblem();
            return where + problem + (m.getContext() == null ? "" : " (" + m.getContext() + ")");
        }
        return e.getMessage() == null ? "invalid YAML" : e.getMessage();
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : lineColumn(loc) + ": ";
    }

    private static String lineColumn(JsonLocation loc) {
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
