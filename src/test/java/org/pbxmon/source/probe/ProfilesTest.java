package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ConfigException;
import org.pbxmon.config.ConfigLoader;

class ProfilesTest {
    @Test
    void theConfigAllowsExactlyTheCatalogue() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "probes:\n  - {name: a, profile: nope, url: \"http://h\"}\n", "<test>", Map.of()));
        assertEquals(List.of("probes[0].profile: unknown value \"nope\" (allowed: " + String.join(", ", Profiles.names())
                + ")"), e.problems());
        for (String name : Profiles.names()) {
            assertEquals(name, Profiles.get(name).name());
        }
    }

    @Test
    void payloadsAreTheSeedsBytes() throws Exception {
        Path seeds = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../shared/seeds");
        Assumptions.assumeTrue(Files.isDirectory(seeds), "no ../shared/seeds");
        String all = Files.readString(seeds.resolve("000_596c189cff841927.txt"))
                + Files.readString(seeds.resolve("001_5c391263bcceabf3.txt"));
        for (String f : List.of("itgrix-status.json", "webim-monitor.json", "webim-accounts-stat.json",
                "webim-zabbix-tornado.json", "webim-zabbix-channels.json", "webim-instance-id.txt",
                "webim-account-state.json", "webim-tornado-ports.json", "webim-connect-to-db-ok.txt",
                "webim-connect-to-db-error.txt", "webim-pingservice.txt")) {
            assertTrue(all.contains(Fixtures.text(f)), f);
        }
    }
}
