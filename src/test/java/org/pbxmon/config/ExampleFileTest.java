package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** config/pbxmon.example.yml must stay valid, complete and commented. */
class ExampleFileTest {
    static final Map<String, String> ENV = Map.of(
            "PBXMON_HTTP_PASSWORD", "http-pw",
            "PBXMON_AMI_SECRET", "main-secret",
            "PBXMON_BRANCH_AMI_SECRET", "branch-secret");

    static Path example() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("config/pbxmon.example.yml");
    }

    static String text() throws Exception {
        return Files.readString(example(), StandardCharsets.UTF_8);
    }

    @Test
    void parsesWithItsEnvironment() throws Exception {
        AgentConfig c = ConfigLoader.parse(text(), example().toString(), ENV);
        assertEquals(2, c.pbxes().size());
        assertEquals("0.0.0.0", c.http().host());
        assertEquals(10089, c.http().port());
        assertEquals(List.of(new UserCredential("admin", Secret.of("http-pw")),
                new UserCredential("zabbix", Secret.of("change-me"))), c.http().users());
        assertEquals(List.of("basic", "digest"), c.http().schemesFor("status"));
        PbxConfig main = c.pbxes().get(0);
        assertEquals("main", main.name());
        assertEquals("main-secret", main.ami().secret().reveal());
        assertEquals(Map.of("carrier", 30), main.trunks().capacityChannels());
        PbxConfig branch = c.pbxes().get(1);
        assertEquals("branch-office", branch.name());
        assertEquals(5038, branch.ami().port());
        assertEquals("branch-secret", branch.ami().secret().reveal());
        assertFalse(branch.ami().events());
        assertEquals("md5", branch.ami().auth());
        assertEquals(Duration.ofMillis(250), c.publishInterval());
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(text(), "example", Map.of()));
        assertEquals(List.of(
                "http.users[0].password: environment variable PBXMON_HTTP_PASSWORD is not set",
                "pbx[0].ami.secret: environment variable PBXMON_AMI_SECRET is not set",
                "pbx[1].ami.secret: environment variable PBXMON_BRANCH_AMI_SECRET is not set"), e.problems());
    }

    @Test
    void everyKeyIsCommented() throws Exception {
        List<String> uncommented = new ArrayList<>();
        String previous = "";
        for (String line : text().split("\n", -1)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#") && !line.contains("#") && !previous.startsWith("#")) {
                uncommented.add(line);
            }
            if (!t.isEmpty()) {
                previous = t;
            }
        }
        assertEquals(List.of(), uncommented);
    }

    @Test
    void everyKnownKeyAppears() throws Exception {
        String text = text();
        List<String> keys = new ArrayList<>();
        keys.addAll(ConfigLoader.TOP_KEYS);
        keys.addAll(HttpBinder.KEYS);
        keys.addAll(HttpBinder.USER_KEYS);
        keys.addAll(AuthTable.groupNames());
        keys.addAll(PbxBinder.PBX_KEYS);
        keys.addAll(PbxBinder.AMI_KEYS);
        keys.addAll(PbxBinder.TRUNK_KEYS);
        keys.addAll(QualityBinder.KEYS);
        keys.addAll(QualityBinder.TENANT_KEYS);
        keys.addAll(IncidentsBinder.KEYS);
        keys.addAll(IncidentsBinder.STORE_KEYS);
        keys.addAll(IncidentsBinder.RULE_KEYS);
        keys.addAll(IncidentsBinder.AM_LABEL_KEYS);
        keys.addAll(IncidentsBinder.OBJECT_KEYS);
        keys.addAll(CallbackBinder.KEYS);
        for (String key : keys) {
            assertTrue(text.contains(" " + key + ":") || text.startsWith(key + ":") || text.contains("\n" + key + ":"),
                    key);
        }
        assertTrue(text.contains("read = system,call,agent,reporting"));
        assertTrue(text.contains("write = system,reporting"));
    }

    @Test
    void loadsFromFileWithProcessEnvironmentOrNamesMissingVariables() {
        // load(Path) uses the real environment: either it parses, or the only problems are unset variables.
        try {
            assertEquals(example().toString(), ConfigLoader.load(example()).origin());
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                assertTrue(p.endsWith("is not set"), p);
            }
        }
    }
}
