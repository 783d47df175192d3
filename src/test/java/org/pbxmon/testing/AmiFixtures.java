package org.pbxmon.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real Asterisk captures live: {@code shared/fixtures/ami} and {@code shared/fixtures/ami-scale}
 * next to the repository (system property {@code pbxmon.fixtures} or env {@code PBXMON_FIXTURES} name the
 * {@code fixtures} directory; otherwise it is searched upwards from the working directory).
 */
public final class AmiFixtures {
    private AmiFixtures() {
    }

    /** {@code shared/fixtures/ami}: the lab PBX. */
    public static Path labDir() {
        return fixturesDir().resolve("ami");
    }

    /** {@code shared/fixtures/ami-scale}: 5,000 endpoints, 1,000 channels. */
    public static Path scaleDir() {
        return fixturesDir().resolve("ami-scale");
    }

    /** True when the fixtures can be found (tests that need them are skipped otherwise). */
    public static boolean present() {
        try {
            return Files.isDirectory(labDir());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Path fixturesDir() {
        String dir = System.getProperty("pbxmon.fixtures", System.getenv("PBXMON_FIXTURES"));
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate.resolve("ami"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath()
                + " (set -Dpbxmon.fixtures=DIR)");
    }

    /** Every message of the lab capture {@code name}, framed by the agent's own reader; a malformed frame fails. */
    public static java.util.List<org.pbxmon.source.ami.wire.AmiMessage> messages(String name) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(labDir().resolve(name));
        java.util.List<org.pbxmon.source.ami.wire.AmiMessage> out = new java.util.ArrayList<>();
        new org.pbxmon.source.ami.wire.FrameReader(org.pbxmon.source.ami.wire.FrameReader.Limits.DEFAULT, true,
                new org.pbxmon.source.ami.wire.FrameReader.Sink() {
                    @Override
                    public void message(org.pbxmon.source.ami.wire.AmiMessage m) {
                        out.add(m.copy());
                    }

                    @Override
                    public void malformed(org.pbxmon.source.ami.wire.Malformed reason) {
                        throw new AssertionError(reason);
                    }
                }).feed(bytes, 0, bytes.length);
        return out;
    }
}
