package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** Shared helpers for the config tests. */
final class TestYaml {
    static final String ORIGIN = "test.yml";

    /** A minimal valid PBX entry, indented as an item of {@code pbx:}. */
    static String pbx(String name) {
        return """
                  - name: %s
                    ami:
                      host: 127.0.0.1
                      username: pbxmon
                      secret: s3cret
                """.formatted(name);
    }

    private TestYaml() {
    }

    static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, ORIGIN, Map.of());
    }

    static AgentConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, ORIGIN, env);
    }

    static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ORIGIN, env)).problems();
    }
}
