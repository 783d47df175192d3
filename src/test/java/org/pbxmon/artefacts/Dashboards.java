package org.pbxmon.artefacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shipped Grafana dashboards as the tests read them: files, panels (rows unfolded) and targets. */
final class Dashboards {
    static final Path DIR = Path.of("grafana-dashboards");
    static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** One dashboard file: its raw text and parsed model. */
    record Dashboard(Path file, String raw, JsonNode model) {
        String uid() {
            return model.path("uid").asText();
        }

        /** Every panel, those nested in collapsed rows included, rows excluded. */
        List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            collect(model.path("panels"), out);
            return out;
        }

        /** Every panel and row, for id and layout checks. */
        List<JsonNode> allPanels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : model.path("panels")) {
                out.add(p);
                p.path("panels").forEach(out::add);
            }
            return out;
        }

        JsonNode variable(String name) {
            for (JsonNode v : model.path("templating").path("list")) {
                if (name.equals(v.path("name").asText())) {
                    return v;
                }
            }
            return null;
        }

        private static void collect(JsonNode panels, List<JsonNode> out) {
            for (JsonNode p : panels) {
                if ("row".equals(p.path("type").asText())) {
                    collect(p.path("panels"), out);
                } else {
                    out.add(p);
                }
            }
        }
    }

    static Dashboard read(Path file) {
        try {
            String raw = Files.readString(file);
            return new Dashboard(file, raw, JSON.readTree(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static Dashboard parse(String raw) {
        try {
            return new Dashboard(Path.of("inline.json"), raw, JSON.readTree(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dashboard files, sorted by name. */
    static List<Dashboard> all() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(Dashboards::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
