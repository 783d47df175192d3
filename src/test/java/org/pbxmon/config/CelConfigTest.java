package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.config.TestYaml.pbx;
import static org.pbxmon.config.TestYaml.problems;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code cel:} block of a PBX. */
class CelConfigTest {
    private static final String PASSWORD = "cel-PASSW0RD-99";
    private static final Map<String, String> ENV = Map.of("CEL_PW", PASSWORD);

    private static String yaml(String celLines) {
        return "pbx:\n" + pbx("main") + "    cel:\n" + celLines.indent(6);
    }

    private static final String MINIMAL = """
            url: jdbc:mariadb://127.0.0.1:3306/asteriskcel
            username: pbxmon
            password: ${CEL_PW}
            """;

    private static CelConfig parse(String celLines) throws ConfigException {
        return TestYaml.parse(yaml(celLines), ENV).pbxes().get(0).cel();
    }

    private static List<String> errors(String celLines) {
        return problems(yaml(celLines), ENV);
    }

    @Test
    void consumerFromAProbe() throws Exception {
        String yaml = """
                pbx:
                  - name: main
                    ami: {host: 127.0.0.1, username: u, secret: s}
                    cel:
                      url: jdbc:mariadb://127.0.0.1:3306/asteriskcdrdb
                      username: pbxmon
                      password: pw
                      consumer: {probe: itgrix}
                """;
        CelConfig c = ConfigLoader.parse(yaml, "<t>", java.util.Map.of()).pbxes().get(0).cel();
        org.junit.jupiter.api.Assertions.assertEquals("probe", c.consumerKind());
        org.junit.jupiter.api.Assertions.assertEquals("itgrix", c.consumerProbe());
        org.junit.jupiter.api.Assertions.assertEquals("connector_cel_last_id", c.consumerProbeMetric());
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                yaml.replace("{probe: itgrix}", "{probe: itgrix, query: SELECT 1}"), "<t>", java.util.Map.of()));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("pbx[0].cel.consumer: give either query or probe, not both"),
                e.problems());
    }

    @Test
    void absentMeansNoCel() throws Exception {
        assertNull(TestYaml.parse("pbx:\n" + pbx("main")).pbxes().get(0).cel());
    }

    @Test
    void defaults() throws Exception {
        CelConfig c = parse(MINIMAL);
        assertEquals("jdbc:mariadb://127.0.0.1:3306/asteriskcel", c.url());
        assertEquals("pbxmon", c.username());
        assertEquals(PASSWORD, c.password().reveal());
        assertEquals("cel", c.table());
        assertEquals(ZoneId.systemDefault(), c.timeZone());
        assertEquals(Duration.ofSeconds(10), c.pollInterval());
        assertEquals(Duration.ofSeconds(5), c.queryTimeout());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(2, c.poolSize());
        assertNull(c.consumerQuery());
        assertEquals("agent", c.consumerKind());
        assertEquals(Duration.ofHours(1), c.openCallWindow());
        assertEquals(Duration.ofMinutes(5), c.stallWindow());
        assertEquals("pbxmon@127.0.0.1:3306/asteriskcel", c.describe());
    }

    @Test
    void everyKey() throws Exception {
        CelConfig c = parse(MINIMAL.replace("asteriskcel", "asteriskcel?sslMode=disable") + """
                table: asteriskcel.cel_2026
                time_zone: Europe/Moscow
                poll_interval: 2s
                query_timeout: 3s
                connect_timeout: 500ms
                pool_size: 4
                consumer:
                  query: SELECT last_id FROM crm.state WHERE name = 'cel'
                open_call_window: 4h
                stall_window: 10m
                """);
        assertEquals("asteriskcel.cel_2026", c.table());
        assertEquals(ZoneId.of("Europe/Moscow"), c.timeZone());
        assertEquals(Duration.ofSeconds(2), c.pollInterval());
        assertEquals(Duration.ofSeconds(3), c.queryTimeout());
        assertEquals(Duration.ofMillis(500), c.connectTimeout());
        assertEquals(4, c.poolSize());
        assertEquals("SELECT last_id FROM crm.state WHERE name = 'cel'", c.consumerQuery());
        assertEquals("sql", c.consumerKind());
        assertEquals(Duration.ofHours(4), c.openCallWindow());
        assertEquals(Duration.ofMinutes(10), c.stallWindow());
        assertEquals("pbxmon@127.0.0.1:3306/asteriskcel", c.describe());
    }

    @Test
    void timeZones() throws Exception {
        assertEquals(ZoneOffset.UTC, parse(MINIMAL + "time_zone: UTC\n").timeZone());
        assertEquals(ZoneOffset.UTC, parse(MINIMAL + "time_zone: utc\n").timeZone());
        assertEquals(ZoneOffset.ofHours(3), parse(MINIMAL + "time_zone: \"+03:00\"\n").timeZone());
        assertEquals(ZoneId.systemDefault(), parse(MINIMAL + "time_zone: local\n").timeZone());
        assertEquals(List.of("pbx[0].cel.time_zone: unknown time zone \"Mars/Olympus\" (use UTC, local, a name such as"
                + " Europe/Moscow, or an offset such as +03:00)"), errors(MINIMAL + "time_zone: Mars/Olympus\n"));
    }

    @Test
    void requiredKeysArePathNamed() {
        assertEquals(List.of("pbx[0].cel.url: required", "pbx[0].cel.username: required", "pbx[0].cel.password: required"),
                errors("table: cel\n"));
        assertEquals(List.of("pbx[0].cel: expected a mapping, got \"yes\""),
                problems("pbx:\n" + pbx("main") + "    cel: yes\n"));
    }

    @Test
    void valuesAreChecked() {
        assertEquals(List.of("pbx[0].cel.poll_interval: must be greater than 0"), errors(MINIMAL + "poll_interval: 0\n"));
        assertEquals(List.of("pbx[0].cel.query_timeout: must be at least 1s"), errors(MINIMAL + "query_timeout: 500ms\n"));
        assertEquals(List.of("pbx[0].cel.connect_timeout: must be at least 250ms"), errors(MINIMAL + "connect_timeout: 10ms\n"));
        assertEquals(List.of("pbx[0].cel.pool_size: must be between 1 and 10"), errors(MINIMAL + "pool_size: 11\n"));
        assertEquals(List.of("pbx[0].cel.table: invalid table name \"cel; DROP TABLE x\" (letters, digits and _,"
                + " optionally database.table)"), errors(MINIMAL + "table: \"cel; DROP TABLE x\"\n"));
        assertEquals(List.of("pbx[0].cel.url: expected jdbc:mariadb://host:port/database, got \"jdbc:mysql://h/db\""),
                errors(MINIMAL.replace("jdbc:mariadb://127.0.0.1:3306/asteriskcel", "jdbc:mysql://h/db")));
        assertEquals(List.of("pbx[0].cel.consumer.query: must be one SELECT statement that returns one number, without ';'"),
                errors(MINIMAL + "consumer:\n  query: DELETE FROM cel\n"));
        assertEquals(List.of("pbx[0].cel.consumer.query: must be one SELECT statement that returns one number, without ';'"),
                errors(MINIMAL + "consumer:\n  query: SELECT 1; DROP TABLE cel\n"));
        assertEquals(List.of("pbx[0].cel.consumer.query: required"), errors(MINIMAL + "consumer: {}\n"));
        assertEquals(List.of("pbx[0].cel.consumer.url: unknown key (allowed: query, probe, probe_metric)"),
                errors(MINIMAL + "consumer:\n  url: http://x\n  query: SELECT 1\n"));
        assertEquals(List.of("pbx[0].cel.user: unknown key (allowed: url, username, password, table, time_zone,"
                + " poll_interval, query_timeout, connect_timeout, pool_size, consumer, open_call_window, stall_window)"),
                errors(MINIMAL + "user: x\n"));
    }

    @Test
    void noPasswordInTheUrlAndNoneInMessages() {
        List<String> p = errors(MINIMAL.replace("asteriskcel\n", "asteriskcel?user=x&password=" + PASSWORD + "\n"));
        assertEquals(List.of("pbx[0].cel.url: must not contain credentials; use username and password"), p);
        p = errors(MINIMAL.replace("127.0.0.1", "pbxmon:" + PASSWORD + "@127.0.0.1"));
        assertEquals(List.of("pbx[0].cel.url: must not contain credentials; use username and password"), p);
        assertFalse(String.join("\n", p).contains(PASSWORD));
        // an unset password variable names the variable, not a value
        assertEquals(List.of("pbx[0].cel.password: environment variable CEL_PW is not set"),
                problems(yaml(MINIMAL), Map.of()));
    }

    @Test
    void toStringShowsNoSecret() throws Exception {
        PbxConfig pbx = TestYaml.parse(yaml(MINIMAL), ENV).pbxes().get(0);
        for (String shown : List.of(pbx.toString(), pbx.cel().toString(), pbx.cel().describe())) {
            assertFalse(shown.contains(PASSWORD), shown);
        }
        assertTrue(pbx.cel().toString().contains("******"));
    }

    @Test
    void theExampleHasACelBlockWithEveryKey() throws Exception {
        String text = ExampleFileTest.text();
        for (String key : CelBinder.KEYS) {
            assertTrue(text.contains(" " + key + ":"), key);
        }
        for (String key : CelBinder.CONSUMER_KEYS) {
            assertTrue(text.contains(" " + key + ":"), key);
        }
        CelConfig c = ConfigLoader.parse(text, "example", ExampleFileTest.ENV).pbxes().get(0).cel();
        assertEquals("pbxmon@127.0.0.1:3306/asteriskcel", c.describe());
        assertEquals("SELECT last_id FROM crm.connector_state WHERE name = 'cel'", c.consumerQuery());
        assertEquals("change-me", c.password().reveal());
    }
}
