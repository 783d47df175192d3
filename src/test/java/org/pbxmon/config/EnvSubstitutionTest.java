package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pbxmon.config.TestYaml.parse;
import static org.pbxmon.config.TestYaml.problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private static final String YAML = """
            pbx:
              - name: main
                ami:
                  host: ${AMI_HOST:-127.0.0.1}
                  port: ${AMI_PORT:-5038}
                  username: ${AMI_USER}
                  secret: ${PBXMON_AMI_SECRET}
                  ping_interval: ${PING:-10s}
            """;

    @Test
    void presentVariables() throws Exception {
        AgentConfig c = parse(YAML, Map.of("AMI_HOST", "pbx.local", "AMI_PORT", "6038", "AMI_USER", "mon",
                "PBXMON_AMI_SECRET", "topsecret", "PING", "3s"));
        AmiConfig a = c.pbxes().get(0).ami();
        assertEquals("pbx.local", a.host());
        assertEquals(6038, a.port());
        assertEquals("mon", a.username());
        assertEquals("topsecret", a.secret().reveal());
        assertEquals(Duration.ofSeconds(3), a.pingInterval());
    }

    @Test
    void defaultsWhenUnsetOrEmpty() throws Exception {
        AgentConfig c = parse(YAML, Map.of("AMI_USER", "mon", "PBXMON_AMI_SECRET", "x", "AMI_HOST", ""));
        AmiConfig a = c.pbxes().get(0).ami();
        assertEquals("127.0.0.1", a.host());
        assertEquals(5038, a.port());
        assertEquals(Duration.ofSeconds(10), a.pingInterval());
    }

    @Test
    void missingVariablesAreAllReported() {
        assertEquals(List.of(
                "pbx[0].ami.username: environment variable AMI_USER is not set",
                "pbx[0].ami.secret: environment variable PBXMON_AMI_SECRET is not set"),
                problems(YAML));
    }

    @Test
    void dollarDollarBraceIsLiteral() throws Exception {
        AgentConfig c = parse(YAML.replace("${PBXMON_AMI_SECRET}", "\"a$${B}c$$d${X}\""),
                Map.of("AMI_USER", "mon", "X", "x"));
        assertEquals("a${B}c$$dx", c.pbxes().get(0).ami().secret().reveal());
    }

    @Test
    void substitutedTextIsNotScannedAgainAndMixesWithText() throws Exception {
        AgentConfig c = parse(YAML.replace("${PBXMON_AMI_SECRET}", "pre-${S}-${T:-d}-post"),
                Map.of("AMI_USER", "mon", "S", "${T}"));
        assertEquals("pre-${T}-d-post", c.pbxes().get(0).ami().secret().reveal());
    }

    @Test
    void emptyValueWithoutDefaultIsUsedAsIs() {
        assertEquals(List.of("pbx[0].ami.secret: must not be empty"),
                problems(YAML, Map.of("AMI_USER", "mon", "PBXMON_AMI_SECRET", "")));
    }

    @Test
    void malformedReferences() {
        assertEquals(List.of(
                "pbx[0].ami.username: unterminated \"${\" (write $${ for a literal ${)",
                "pbx[0].ami.secret: invalid ${...} reference: a variable name uses only A-Z, a-z, 0-9 and _"
                        + " and does not start with a digit (write $${ for a literal ${)"),
                problems(YAML.replace("${AMI_USER}", "\"${AMI_USER\"").replace("${PBXMON_AMI_SECRET}", "${1ab}")));
    }

    @Test
    void substitutionAppliesToEveryScalar() throws Exception {
        AgentConfig c = parse("""
                http:
                  listen: ${LISTEN}
                  users: [{username: "${U}", password: "${P}"}]
                  auth: {health: "${SCHEME}"}
                publish_interval: ${PUB}
                """, Map.of("LISTEN", "127.0.0.1:9", "U", "u", "P", "p", "SCHEME", "none", "PUB", "1s"));
        assertEquals(9, c.http().port());
        assertEquals(List.of(new UserCredential("u", Secret.of("p"))), c.http().users());
        assertEquals(List.of("none"), c.http().schemesFor("health"));
        assertEquals(Duration.ofSeconds(1), c.publishInterval());
    }

    @Test
    void wrongTypeAfterSubstitutionNamesThePath() {
        assertEquals(List.of("pbx[0].ami.port: expected an integer, got \"abc\""),
                problems(YAML, Map.of("AMI_USER", "mon", "PBXMON_AMI_SECRET", "x", "AMI_PORT", "abc")));
    }
}
