package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pbx[i].quality: defaults, every key, and errors that name their YAML path. */
class QualityConfigTest {
    private static final String HEAD = "http:\n  listen: 127.0.0.1:0\n  users:\n    - username: a\n      password: b\n"
            + "pbx:\n  - name: main\n    ami: {host: 127.0.0.1, username: u, secret: s}\n";

    private static QualityConfig parse(String quality) throws ConfigException {
        return ConfigLoader.parse(HEAD + quality, "t.yml", Map.of()).pbxes().get(0).quality();
    }

    private static String error(String quality) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(quality));
        return e.getMessage();
    }

    @Test
    void defaultsWhenAbsent() throws ConfigException {
        QualityConfig q = parse("");
        assertEquals(70, q.poorMes());
        assertEquals(List.of(Duration.ofSeconds(20)), q.serviceLevelThresholds());
        assertEquals(Duration.ofHours(1), q.serviceLevelWindow());
        assertTrue(q.tenants().isEmpty());
        assertEquals(20, q.tenantLimit());
    }

    @Test
    void everyKey() throws ConfigException {
        QualityConfig q = parse("    quality:\n      poor_mes: 60\n      service_level_thresholds: [60s, 20s]\n"
                + "      service_level_window: 30m\n      tenant_limit: 2\n      tenants:\n"
                + "        - {tenant: acme, context_prefix: acme-, queue_prefix: acme-}\n"
                + "        - {tenant: globex, accountcode: globex}\n"
                + "        - {tenant: ini, channel_match: '^PJSIP/ini-'}\n");
        assertEquals(60, q.poorMes());
        assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(60)), q.serviceLevelThresholds(), "sorted");
        assertEquals(Duration.ofMinutes(30), q.serviceLevelWindow());
        assertEquals(3, q.tenants().size());
        assertEquals("acme-", q.tenants().get(0).queuePrefix());
        assertEquals("^PJSIP/ini-", q.tenants().get(2).channelMatch().pattern());
    }

    @Test
    void errorsNameTheirPath() {
        assertTrue(error("    quality:\n      poor_mes: 0\n").contains("pbx[0].quality.poor_mes: must be between 1 and 100"));
        assertTrue(error("    quality:\n      service_level_thresholds: [20s, 20s]\n")
                .contains("pbx[0].quality.service_level_thresholds[1]: listed twice"));
        assertTrue(error("    quality:\n      service_level_thresholds: [1500ms]\n")
                .contains("pbx[0].quality.service_level_thresholds[0]: must be whole seconds"));
        assertTrue(error("    quality:\n      service_level_window: 10s\n")
                .contains("pbx[0].quality.service_level_window: must be between 1m and 24h"));
        assertTrue(error("    quality:\n      tenants:\n        - {tenant: acme}\n")
                .contains("pbx[0].quality.tenants[0]: needs at least one of"));
        assertTrue(error("    quality:\n      tenants:\n        - {tenant: other, accountcode: x}\n")
                .contains("pbx[0].quality.tenants[0].tenant: \"other\" is reserved"));
        assertTrue(error("    quality:\n      tenants:\n        - {tenant: a, channel_match: '('}\n")
                .contains("pbx[0].quality.tenants[0].channel_match: invalid regular expression"));
        assertTrue(error("    quality:\n      colour: red\n").contains("pbx[0].quality.colour: unknown key"));
    }
}
