package org.pbxmon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incident store that cannot be used stops the start, and the message names the path and the config. */
class IncidentStartupIT {
    @TempDir
    Path dir;

    private Path config(Path stateDir) throws Exception {
        Path f = dir.resolve("pbxmon.yml");
        Files.writeString(f, """
                http:
                  listen: 127.0.0.1:0
                  users: [{username: admin, password: pw}]
                pbx: []
                incidents:
                  store: {type: h2, state_dir: "%s"}
                """.formatted(stateDir));
        return f;
    }

    private static String run(Path cfg) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.pbxmon.Main", "--config", cfg.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the agent exits");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        return out;
    }

    @Test
    void aStateDirectoryThatIsAFileStopsTheStart() throws Exception {
        Path notADir = Files.writeString(dir.resolve("state"), "x");
        Path cfg = config(notADir);
        String out = run(cfg);
        assertTrue(out.contains("pbxmon: cannot start: incidents.store in " + cfg), out);
        assertTrue(out.contains(notADir.toString()), "names the path: " + out);
    }

    @Test
    void aCorruptStoreFileStopsTheStart() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(junk);
        Files.write(state.resolve("incidents.mv.db"), junk);
        Path cfg = config(state);
        String out = run(cfg);
        assertTrue(out.contains(state.resolve("incidents.mv.db").toString()), "names the file: " + out);
        assertTrue(out.contains("not a usable H2 database"), out);
    }
}
