package org.pbxmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an admin uses it: exit codes and the messages printed. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigAcceptsAValidFile() throws Exception {
        Path f = dir.resolve("ok.yml");
        Files.writeString(f, """
                http:
                  users: [{username: admin, password: pw}]
                pbx:
                  - name: main
                    ami: {host: 127.0.0.1, username: pbxmon, secret: s}
                """);
        Run r = run("--config", f.toString(), "--check-config");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("is valid: 1 PBX(es)"), r.out());
    }

    @Test
    void checkConfigPrintsEveryProblemWithItsPath() throws Exception {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, """
                pbx:
                  - name: main
                    ami: {host: 127.0.0.1, username: pbxmon, secret: s}
                  - name: main
                    ami: {host: 127.0.0.1, port: 70000, username: pbxmon, secret: s, colour: red}
                """);
        Run r = run("--config", f.toString(), "--check-config");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid config " + f), r.err());
        assertTrue(r.err().contains("pbx[1].ami.port: must be between 1 and 65535"), r.err());
        assertTrue(r.err().contains("pbx[1].name: duplicate name \"main\" (also pbx[0])"), r.err());
        assertTrue(r.err().contains("pbx[1].ami.colour: unknown key"), r.err());
    }

    @Test
    void refusesProtectedGroupsWithoutCredentials() throws Exception {
        Path f = dir.resolve("open.yml");
        Files.writeString(f, """
                http:
                  auth: {metrics: bearer}
                pbx: []
                """);
        for (String[] args : new String[][] {{"--config", f.toString(), "--check-config"}, {"--config", f.toString()}}) {
            Run r = run(args);
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("http.auth.metrics: requires credentials but http.tokens is empty"), r.err());
            assertTrue(r.err().contains("http.auth.status: requires credentials but http.users is empty"), r.err());
        }
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Run r = run("--config", dir.resolve("nope.yml").toString(), "--check-config");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope.yml"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        assertEquals(2, run("--frobnicate").code());
        assertEquals(2, run().code());
        assertEquals(2, run("--demo", "--config", "x.yml").code());
        Run r = run("--demo", "--listen", "127.0.0.1:99999");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--listen: port must be between 0 and 65535"), r.err());
    }

    @Test
    void versionPrints() throws Exception {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("pbxmon "), r.out());
    }
}
