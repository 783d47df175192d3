package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadFileTest {
    @TempDir
    Path dir;

    @Test
    void loadsAFile() throws Exception {
        Path f = dir.resolve("pbxmon.yml");
        Files.writeString(f, "\uFEFFpublish_interval: 1s\n", StandardCharsets.UTF_8);
        AgentConfig c = ConfigLoader.load(f);
        assertEquals(f.toString(), c.origin());
        assertEquals(1000, c.publishInterval().toMillis());
    }

    @Test
    void fileProblemsNameThePath() throws Exception {
        Path missing = dir.resolve("nope.yml");
        assertEquals(List.of(missing + ": file not found"), problems(missing));
        assertEquals(List.of(dir + ": is a directory, not a YAML file"), problems(dir));
        Path bad = dir.resolve("bad.yml");
        Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        assertEquals(List.of(bad + ": not valid UTF-8 text"), problems(bad));
        Path syntax = dir.resolve("syntax.yml");
        Files.writeString(syntax, "http: [\n");
        assertEquals(List.of(syntax + ": line 2, column 1: expected the node content, but found '<stream end>'"
                + " (while parsing a flow node)"), problems(syntax));
    }

    private static List<String> problems(Path p) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(p)).problems();
    }
}
