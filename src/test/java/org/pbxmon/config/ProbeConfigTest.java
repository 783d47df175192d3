package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.config.TestYaml.parse;
import static org.pbxmon.config.TestYaml.problems;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeConfigTest {
    private static final String PW = "pr0be-S3CRET";

    private static String one(String yaml) {
        List<String> p = problems(yaml, Map.of("PW", PW));
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void fullItgrixAndWebimAndCertificates() throws Exception {
        AgentConfig c = parse("""
                probes:
                  - name: itgrix
                    profile: itgrix
                    url: http://10.0.0.5:8077
                    interval: 30s
                    timeout: 5s
                    max_body_bytes: 65536
                    auth: {type: digest, username: admin, password: "${PW}"}
                    license: {expected_type: Professional, timezone: "+05:00", warn_days: 30}
                  - name: chat
                    profile: webim
                    url: https://chat.example.com
                    auth: {type: basic, username: service, password: "${PW}"}
                    tls: {ca_file: /etc/ssl/webim-ca.pem}
                    webim: {accounts: [main, sales], pinger_id: "17595", cookie: "WEBIM_AUTH_TOKEN=${PW}"}
                  - name: other
                    url: http://127.0.0.1:9000/x.json
                    auth: {type: header, header: X-Api-Key, value: "${PW}"}
                    metrics:
                      - {path: a.b, name: other_b, type: counter, labels: {site: x}}
                      - {path: list, name: other_items, each: {label: item, key: id, value: n}}
                certificates:
                  - endpoint: chat.example.com:443
                  - {file: /etc/asterisk/keys/asterisk.pem, interval: 12h, timeout: 3s}
                """, Map.of("PW", PW));
        ProbeConfig itgrix = c.probes().get(0);
        assertEquals(URI.create("http://10.0.0.5:8077"), itgrix.url());
        assertEquals(Duration.ofSeconds(30), itgrix.interval());
        assertEquals(Duration.ofSeconds(5), itgrix.timeout());
        assertEquals(65536, itgrix.maxBodyBytes());
        assertEquals("digest", itgrix.auth().type());
        assertEquals(PW, itgrix.auth().password().reveal());
        assertEquals(new ProbeConfig.License("Professional", ZoneId.of("+05:00"), 30), itgrix.license());
        ProbeConfig chat = c.probes().get(1);
        assertEquals("webim", chat.profile());
        assertEquals(Path.of("/etc/ssl/webim-ca.pem"), chat.tls().caFile());
        assertEquals(List.of("main", "sales"), chat.webim().accounts());
        assertEquals("WEBIM_AUTH_TOKEN=" + PW, chat.webim().cookie().reveal());
        assertEquals(Duration.ofSeconds(60), chat.interval());
        assertEquals(4L << 20, chat.maxBodyBytes());
        ProbeConfig other = c.probes().get(2);
        assertEquals("generic", other.profile());
        assertEquals("X-Api-Key", other.auth().header());
        assertEquals(new ProbeConfig.MetricMapping("a.b", "other_b", "counter", "Value of a.b.", Map.of("site", "x"),
                null, "", ""), other.metrics().get(0));
        assertEquals("item", other.metrics().get(1).eachLabel());
        assertEquals(new ProbeConfig.Certificate("chat.example.com:443", "chat.example.com", 443, null,
                Duration.ofHours(1), Duration.ofSeconds(10)), c.certificates().get(0));
        assertEquals(Path.of("/etc/asterisk/keys/asterisk.pem"), c.certificates().get(1).file());
        assertEquals(Duration.ofHours(12), c.certificates().get(1).interval());

        List<String> shown = new ArrayList<>(List.of(c.toString(), String.valueOf(c.probes())));
        c.probes().forEach(p -> shown.add(p.describe()));
        for (String s : shown) {
            assertFalse(s.contains(PW), s);
        }
        assertEquals("http://10.0.0.5:8077", itgrix.describe());
    }

    @Test
    void defaults() throws Exception {
        AgentConfig none = parse("pbx: []\n");
        assertEquals(List.of(), none.probes());
        assertEquals(List.of(), none.certificates());
        ProbeConfig p = parse("probes:\n  - {name: a, profile: itgrix, url: \"http://h\"}\n").probes().get(0);
        assertEquals(ProbeConfig.Auth.NONE, p.auth());
        assertEquals(ProbeConfig.Tls.DEFAULT, p.tls());
        assertEquals(ProbeConfig.License.DEFAULT, p.license());
        assertNull(p.license().timezone());
        assertEquals(ProbeConfig.Webim.NONE, p.webim());
        assertEquals(List.of(), p.metrics());
    }

    @Test
    void errorsNameTheirPath() {
        String base = "probes:\n  - name: a\n    profile: itgrix\n    url: http://h:8077\n";
        assertEquals("probes[0].auth.type: unknown value \"ntlm\" (allowed: none, basic, digest, header, cookie)",
                one(base + "    auth: {type: ntlm}\n"));
        assertEquals("probes[0].auth.password: required", one(base + "    auth: {type: digest, username: u}\n"));
        assertEquals("probes[0].auth.header: not used with auth type basic",
                one(base + "    auth: {type: basic, username: u, password: p, header: X}\n"));
        assertEquals("probes[0].auth.header: invalid header name \"X Key\"",
                one(base + "    auth: {type: header, header: X Key, value: v}\n"));
        assertEquals("probes[0].profile: unknown value \"zabbix\" (allowed: itgrix, webim, generic)",
                one("probes:\n  - {name: a, profile: zabbix, url: \"http://h\"}\n"));
        assertEquals("probes[0].url: must not hold credentials (use auth)",
                one("probes:\n  - {name: a, profile: itgrix, url: \"http://admin:pw@h\"}\n"));
        assertEquals("probes[0].url: must be an http:// or https:// URL",
                one("probes:\n  - {name: a, profile: itgrix, url: \"ftp://h\"}\n"));
        assertEquals("probes[0].url: required", one("probes:\n  - {name: a, profile: itgrix}\n"));
        assertEquals("probes[0].timeout: must be at most interval (5s)",
                one(base + "    interval: 5s\n    timeout: 10s\n"));
        assertEquals("probes[0].max_body_bytes: must be between 1024 and 268435456", one(base + "    max_body_bytes: 10\n"));
        assertEquals("probes[0].license.timezone: unknown time zone \"Mars/Olympus\" (use e.g. UTC, +05:00, Europe/Moscow)",
                one(base + "    license: {timezone: Mars/Olympus}\n"));
        assertEquals("probes[0].webim: only used with profile webim", one(base + "    webim: {accounts: [a]}\n"));
        assertEquals("probes[1].name: duplicate name \"a\" (also probes[0])",
                one("probes:\n  - {name: a, profile: itgrix, url: \"http://h\"}\n  - {name: a, profile: itgrix, url: \"http://g\"}\n"));
        assertEquals("probes[0].name: invalid name \"a:b\" (allowed characters: A-Z a-z 0-9 _ . -)",
                one("probes:\n  - {name: \"a:b\", profile: itgrix, url: \"http://h\"}\n"));
        assertEquals("probes[0].metrics: required with profile generic (at least one mapping)",
                one("probes:\n  - {name: a, url: \"http://h\"}\n"));
        assertEquals("probes[0].tls.ca_file: pointless with insecure_skip_verify: on",
                one(base + "    tls: {insecure_skip_verify: on, ca_file: /x.pem}\n"));
        assertEquals("probes[0].auth.password: environment variable NOPE is not set",
                one(base + "    auth: {type: basic, username: u, password: \"${NOPE}\"}\n"));
    }

    @Test
    void metricMappingErrors() {
        String base = "probes:\n  - name: g\n    url: http://h\n    metrics:\n";
        assertEquals("probes[0].metrics[0].name: the prefixes pbxmon_ and asterisk_ are reserved",
                one(base + "      - {path: a, name: pbxmon_x}\n"));
        assertEquals("probes[0].metrics[0].name: invalid metric name \"1x\"", one(base + "      - {path: a, name: 1x}\n"));
        assertEquals("probes[0].metrics[0].type: unknown value \"histogram\" (allowed: gauge, counter)",
                one(base + "      - {path: a, name: x, type: histogram}\n"));
        assertEquals("probes[0].metrics[0].labels.probe: \"probe\" is added by pbxmon",
                one(base + "      - {path: a, name: x, labels: {probe: y}}\n"));
        assertEquals("probes[0].metrics[0].each.label: invalid label name \"a-b\"",
                one(base + "      - {path: a, name: x, each: {label: a-b}}\n"));
        assertEquals("probes[0].metrics[1].name: \"x\" is a gauge elsewhere; one name, one type",
                one(base + "      - {path: a, name: x}\n      - {path: b, name: x_total, type: counter}\n"));
        assertEquals("probes[0].metrics[0].each.label: \"k\" is also a constant label",
                one(base + "      - {path: a, name: x, labels: {k: v}, each: {label: k}}\n"));
    }

    @Test
    void certificateErrors() {
        assertEquals("certificates[0]: give exactly one of endpoint (host:port) and file (a PEM file)",
                one("certificates:\n  - {endpoint: \"h:443\", file: /x.pem}\n"));
        assertEquals("certificates[0]: give exactly one of endpoint (host:port) and file (a PEM file)",
                one("certificates:\n  - {interval: 1h}\n"));
        assertTrue(one("certificates:\n  - {endpoint: \"h\"}\n").startsWith("certificates[0].endpoint: invalid address \"h\""));
        assertEquals("certificates[0].endpoint: port must be between 1 and 65535",
                one("certificates:\n  - {endpoint: \"h:0\"}\n"));
        assertEquals("certificates[1]: duplicate target \"h:443\" (also certificates[0])",
                one("certificates:\n  - {endpoint: \"h:443\"}\n  - {endpoint: \"h:443\"}\n"));
        assertEquals("certificates[0].port: unknown key (allowed: endpoint, file, interval, timeout)",
                one("certificates:\n  - {endpoint: \"h:443\", port: 1}\n"));
    }

    @Test
    void secretsNeverInMessages() {
        List<String> p = problems("probes:\n  - name: a\n    profile: itgrix\n    url: http://h\n"
                + "    auth: {type: cookie, value: [\"" + PW + "\"]}\n", Map.of());
        assertEquals(List.of("probes[0].auth.value: expected a string, got a list"), p);
    }

    @Test
    void exampleFileHasEveryProbeKey() throws Exception {
        String text = ExampleFileTest.text();
        List<String> keys = new ArrayList<>();
        for (List<String> k : List.of(ProbeBinder.PROBE_KEYS, ProbeBinder.AUTH_KEYS, ProbeBinder.TLS_KEYS,
                ProbeBinder.LICENSE_KEYS, ProbeBinder.WEBIM_KEYS, ProbeBinder.METRIC_KEYS, ProbeBinder.EACH_KEYS,
                CertificateBinder.CERT_KEYS)) {
            keys.addAll(k);
        }
        for (String key : keys) {
            assertTrue(text.contains(" " + key + ":") || text.contains("{" + key + ":") || text.contains("\n" + key + ":"), key);
        }
        AgentConfig c = ConfigLoader.parse(text, "example", Map.of("PBXMON_HTTP_PASSWORD", "x", "PBXMON_AMI_SECRET", "y",
                "PBXMON_BRANCH_AMI_SECRET", "z", "PBXMON_ITGRIX_PASSWORD", "i", "PBXMON_WEBIM_PASSWORD", "w",
                "PBXMON_WEBIM_COOKIE", "c"));
        assertEquals(List.of("itgrix", "webim", "generic"), c.probes().stream().map(ProbeConfig::profile).toList());
        assertEquals(2, c.certificates().size());
    }
}
