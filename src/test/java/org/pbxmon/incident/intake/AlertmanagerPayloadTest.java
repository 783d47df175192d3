package org.pbxmon.incident.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.intake.AlertmanagerPayload.Malformed;
import org.pbxmon.incident.intake.AlertmanagerPayload.Malformed.Kind;

class AlertmanagerPayloadTest {
    /** Byte for byte what Debian's Alertmanager 0.25 POSTed to the webhook in AlertmanagerIntakeIT. */
    static final String REAL_FIRING = """
            {"receiver":"pbxmon","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"TrunkDown",\
            "pbx":"main","region":"eu","severity":"critical","trunk":"carrier"},"annotations":{"description":"üñí €",\
            "summary":"carrier trunk unreachable"},"startsAt":"2026-11-28T09:33:01.781Z","endsAt":"0001-01-01T00:00:00Z",\
            "generatorURL":"http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0","fingerprint":"002fc601aafe77ef"}],\
            "groupLabels":{"alertname":"TrunkDown"},"commonLabels":{"alertname":"TrunkDown","pbx":"main","region":"eu",\
            "severity":"critical","trunk":"carrier"},"commonAnnotations":{"description":"üñí €",\
            "summary":"carrier trunk unreachable"},"externalURL":"http://vm:41465","version":"4",\
            "groupKey":"{}:{alertname=\\"TrunkDown\\"}","truncatedAlerts":0}""";

    /** ... and its resolution. */
    static final String REAL_RESOLVED = """
            {"receiver":"pbxmon","status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"TrunkDown",\
            "pbx":"main","region":"eu","severity":"critical","trunk":"carrier"},"annotations":{"description":"üñí €",\
            "summary":"carrier trunk unreachable"},"startsAt":"2026-11-28T09:33:01.781Z",\
            "endsAt":"2026-11-28T09:34:01.989277499Z","generatorURL":"http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0",\
            "fingerprint":"002fc601aafe77ef"}],"groupLabels":{"alertname":"TrunkDown"},"commonLabels":{"alertname":"TrunkDown",\
            "pbx":"main","region":"eu","severity":"critical","trunk":"carrier"},"commonAnnotations":{"description":"üñí €",\
            "summary":"carrier trunk unreachable"},"externalURL":"http://vm:41465","version":"4",\
            "groupKey":"{}:{alertname=\\"TrunkDown\\"}","truncatedAlerts":0}""";

    /**
     * The documented shape (prometheus.io, webhook_config), as Alertmanager writes alerts that came from
     * Prometheus: nanosecond times, an offset, two alerts of one group, one of them already resolved.
     */
    static final String DOCUMENTED = """
            {
              "version": "4",
              "groupKey": "{}/{severity=\\"critical\\"}:{alertname=\\"PbxDown\\"}",
              "truncatedAlerts": 2,
              "status": "firing",
              "receiver": "pbxmon",
              "groupLabels": {"alertname": "PbxDown"},
              "commonLabels": {"alertname": "PbxDown", "severity": "critical"},
              "commonAnnotations": {},
              "externalURL": "http://alertmanager.example.org:9093",
              "alerts": [
                {
                  "status": "firing",
                  "labels": {"alertname": "PbxDown", "severity": "critical", "pbx": "main", "instance": "10.0.0.5:10089"},
                  "annotations": {"summary": "PBX main is down"},
                  "startsAt": "2026-11-28T09:00:00.123456789Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=asterisk_up+%3D%3D+0\\u0026g0.tab=1",
                  "fingerprint": "1A30BA71CCA2921F"
                },
                {
                  "status": "resolved",
                  "labels": {"alertname": "PbxDown", "severity": "critical", "pbx": "backup"},
                  "annotations": {},
                  "startsAt": "2026-11-28T10:00:00.5+02:00",
                  "endsAt": "2026-11-28T08:30:00Z",
                  "generatorURL": "",
                  "fingerprint": "0f0e0d0c0b0a0908"
                }
              ]
            }""";

    static AlertmanagerPayload parse(String json) throws Malformed {
        return AlertmanagerPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void realFiringNotification() throws Exception {
        AlertmanagerPayload p = parse(REAL_FIRING);
        assertEquals("4", p.version());
        assertEquals("pbxmon", p.receiver());
        assertEquals("firing", p.status());
        assertEquals("{}:{alertname=\"TrunkDown\"}", p.groupKey());
        assertEquals(0, p.truncatedAlerts());
        assertEquals("http://vm:41465", p.externalUrl());
        assertEquals(1, p.alerts().size());
        Alert a = p.alerts().get(0);
        assertEquals("002fc601aafe77ef", a.fingerprint());
        assertTrue(a.firing());
        assertEquals(Map.of("alertname", "TrunkDown", "pbx", "main", "region", "eu", "severity", "critical",
                "trunk", "carrier"), a.labels());
        assertEquals("üñí €", a.annotations().get("description"));
        assertEquals(Instant.parse("2026-11-28T09:33:01.781Z").toEpochMilli(), a.startsAt());
        assertNull(a.endsAt(), "Go's zero time is no end");
        assertEquals("http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0", a.generatorUrl());
        assertEquals(1, p.count(Alert.FIRING));
        assertEquals(0, p.count(Alert.RESOLVED));
    }

    @Test
    void realResolvedNotification() throws Exception {
        AlertmanagerPayload p = parse(REAL_RESOLVED);
        Alert a = p.alerts().get(0);
        assertEquals(Alert.RESOLVED, a.status());
        assertEquals("002fc601aafe77ef", a.fingerprint());
        assertEquals(Instant.parse("2026-11-28T09:34:01.989Z").toEpochMilli(), a.endsAt(), "nanoseconds cut to ms");
    }

    @Test
    void documentedShape() throws Exception {
        AlertmanagerPayload p = parse(DOCUMENTED);
        assertEquals(2, p.truncatedAlerts());
        assertEquals(2, p.alerts().size());
        Alert first = p.alerts().get(0);
        assertEquals("1a30ba71cca2921f", first.fingerprint(), "kept lower-case");
        assertEquals(Instant.parse("2026-11-28T09:00:00.123Z").toEpochMilli(), first.startsAt());
        assertEquals("http://prometheus.example.org:9090/graph?g0.expr=asterisk_up+%3D%3D+0&g0.tab=1",
                first.generatorUrl());
        Alert second = p.alerts().get(1);
        assertEquals(Instant.parse("2026-11-28T08:00:00.500Z").toEpochMilli(), second.startsAt());
        assertEquals(Instant.parse("2026-11-28T08:30:00Z").toEpochMilli(), second.endsAt());
        assertEquals(Map.of(), second.annotations());
    }

    @Test
    void fingerprintDerivedAsAlertmanagerDoes() throws Exception {
        // 002fc601aafe77ef is what the real Alertmanager 0.25 computed for these labels.
        String json = REAL_FIRING.replace(",\"fingerprint\":\"002fc601aafe77ef\"", "");
        assertTrue(!json.contains("fingerprint"));
        assertEquals("002fc601aafe77ef", parse(json).alerts().get(0).fingerprint());
        assertEquals("002fc601aafe77ef", parse(REAL_FIRING.replace("\"002fc601aafe77ef\"", "null"))
                .alerts().get(0).fingerprint());
        // The label order in the payload does not matter; the values do.
        assertEquals(Fingerprints.of(Map.of("a", "1", "b", "2")), Fingerprints.of(Map.of("b", "2", "a", "1")));
        assertTrue(!Fingerprints.of(Map.of("a", "1", "b", "2")).equals(Fingerprints.of(Map.of("a", "2", "b", "1"))));
        assertTrue(!Fingerprints.of(Map.of("ab", "c")).equals(Fingerprints.of(Map.of("a", "bc"))), "separator byte");
        assertEquals(16, Fingerprints.of(Map.of("alertname", "x")).length());
    }

    @Test
    void versionAbsentIsTakenAsFour() throws Exception {
        AlertmanagerPayload p = parse(REAL_FIRING.replace(",\"version\":\"4\"", ""));
        assertEquals("", p.version());
        assertEquals(1, p.alerts().size());
        assertEquals("", parse(REAL_FIRING.replace("\"version\":\"4\"", "\"version\":null")).version());
    }

    @Test
    void minimalAlert() throws Exception {
        AlertmanagerPayload p = parse("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},"
                + "\"startsAt\":\"2026-11-28t09:00:00z\"}]}");
        Alert a = p.alerts().get(0);
        assertEquals(Map.of(), a.annotations());
        assertNull(a.endsAt());
        assertEquals("", a.generatorUrl());
        assertEquals(Fingerprints.of(Map.of("alertname", "X")), a.fingerprint());
        assertEquals("", p.receiver());
        assertEquals(0, parse("{\"alerts\":[]}").alerts().size());
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        byte[] json = REAL_FIRING.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(json, 0, bom, 3, json.length);
        assertEquals("002fc601aafe77ef", AlertmanagerPayload.parse(bom).alerts().get(0).fingerprint());
    }

    @Test
    void limitsAreInclusive() throws Exception {
        String name = "n".repeat(AlertmanagerPayload.MAX_NAME_BYTES);
        String value = "v".repeat(AlertmanagerPayload.MAX_LABEL_VALUE_BYTES);
        Alert a = parse(alert("\"labels\":{\"alertname\":\"X\",\"" + name + "\":\"" + value + "\"}")).alerts().get(0);
        assertEquals(value, a.labels().get(name));
        String euro = "€".repeat(AlertmanagerPayload.MAX_LABEL_VALUE_BYTES / 3); // 3 bytes each
        assertEquals(euro, parse(alert("\"labels\":{\"alertname\":\"" + euro + "\"}")).alerts().get(0)
                .labels().get("alertname"));
    }

    // ---------------------------------------------------------------- refusals

    /** One alert with the given members replacing the defaults of the same name. */
    static String alert(String members) {
        StringBuilder s = new StringBuilder("{\"version\":\"4\",\"alerts\":[{").append(members);
        if (!members.contains("\"status\"")) {
            s.append(",\"status\":\"firing\"");
        }
        if (!members.contains("\"labels\"")) {
            s.append(",\"labels\":{\"alertname\":\"X\"}");
        }
        if (!members.contains("\"startsAt\"")) {
            s.append(",\"startsAt\":\"2026-11-28T09:00:00Z\"");
        }
        String json = s.append("}]}").toString();
        return json.replace("[{,", "[{");
    }

    static Malformed refused(String json) {
        return refused(json.getBytes(StandardCharsets.UTF_8));
    }

    static Malformed refused(byte[] body) {
        return assertThrows(Malformed.class, () -> AlertmanagerPayload.parse(body));
    }

    static void refused(String json, Kind kind, String message) {
        Malformed m = refused(json);
        assertEquals(message, m.getMessage(), json.length() > 300 ? json.substring(0, 300) : json);
        assertEquals(kind, m.kind(), m.getMessage());
        assertEquals(m.path() + ": " + m.problem(), m.getMessage());
    }

    @Test
    void notAnObject() {
        refused("", Kind.SYNTAX, "body: empty");
        refused("  \n ", Kind.SYNTAX, "body: empty");
        refused("[]", Kind.INVALID, "body: not a JSON object");
        refused("null", Kind.INVALID, "body: not a JSON object");
        refused("42", Kind.INVALID, "body: not a JSON object");
        refused("\"alerts\"", Kind.INVALID, "body: not a JSON object");
    }

    @Test
    void topLevelFields() {
        refused(REAL_FIRING.replace("\"version\":\"4\"", "\"version\":\"3\""), Kind.INVALID,
                "version: unsupported version \"3\" (only \"4\" is known)");
        refused(REAL_FIRING.replace("\"version\":\"4\"", "\"version\":4"), Kind.INVALID,
                "version: not a string (a number)");
        refused(REAL_FIRING.replace("\"version\":\"4\"", "\"version\":\"\""), Kind.INVALID,
                "version: unsupported version \"\" (only \"4\" is known)");
        refused(REAL_FIRING.replace("\"status\":\"firing\",\"alerts\"", "\"status\":\"pending\",\"alerts\""),
                Kind.INVALID, "status: not firing or resolved: \"pending\"");
        refused(REAL_FIRING.replace("\"receiver\":\"pbxmon\"", "\"receiver\":[]"), Kind.INVALID,
                "receiver: not a string (an array)");
        refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":-1"), Kind.INVALID,
                "truncatedAlerts: not a non-negative integer (a number)");
        refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":1.5"), Kind.INVALID,
                "truncatedAlerts: not a non-negative integer (a number)");
        refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":\"0\""), Kind.INVALID,
                "truncatedAlerts: not a non-negative integer (a string)");
        refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":99999999999999999999999"),
                Kind.INVALID, "truncatedAlerts: not a non-negative integer (a number)");
        refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":1e400"), Kind.INVALID,
                "truncatedAlerts: not a non-negative integer (a number)");
        refused(REAL_FIRING.replace("\"groupLabels\":{\"alertname\":\"TrunkDown\"}", "\"groupLabels\":\"x\""),
                Kind.INVALID, "groupLabels: not an object");
        refused(REAL_FIRING.replace("\"groupLabels\":{\"alertname\":\"TrunkDown\"}", "\"groupLabels\":{\"a\":1}"),
                Kind.INVALID, "groupLabels.a: not a string (a number)");
    }

    @Test
    void alertsArray() {
        refused("{\"version\":\"4\"}", Kind.INVALID, "alerts: missing");
        refused("{\"alerts\":null}", Kind.INVALID, "alerts: missing");
        refused("{\"alerts\":{}}", Kind.INVALID, "alerts: not an array");
        refused("{\"alerts\":[\"x\"]}", Kind.INVALID, "alerts[0]: not an object");
        refused("{\"alerts\":[null]}", Kind.INVALID, "alerts[0]: not an object");
        String one = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\",\"i\":\"%d\"},"
                + "\"startsAt\":\"2026-11-28T09:00:00Z\"}";
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= AlertmanagerPayload.MAX_ALERTS; i++) {
            many.add(String.format(one, i));
        }
        refused("{\"alerts\":[" + String.join(",", many) + "]}", Kind.LIMIT, "alerts: 10001 alerts, at most 10000");
        many.remove(0);
        try {
            assertEquals(AlertmanagerPayload.MAX_ALERTS, parse("{\"alerts\":[" + String.join(",", many) + "]}")
                    .alerts().size());
        } catch (Malformed e) {
            fail(e);
        }
    }

    @Test
    void oneBadAlertRefusesTheWholeNotification() {
        String good = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A%d\"},\"startsAt\":\"2026-11-28T09:00:00Z\"}";
        String bad = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"B\"},\"startsAt\":\"soon\"}";
        refused("{\"alerts\":[" + String.format(good, 0) + "," + String.format(good, 1) + "," + bad + ","
                + String.format(good, 3) + "]}", Kind.INVALID, "alerts[2].startsAt: not an RFC 3339 time: \"soon\"");
    }

    @Test
    void alertStatus() {
        refused(alert("\"status\":\"pending\""), Kind.INVALID, "alerts[0].status: not firing or resolved: \"pending\"");
        refused(alert("\"status\":\"FIRING\""), Kind.INVALID, "alerts[0].status: not firing or resolved: \"FIRING\"");
        refused(alert("\"status\":true"), Kind.INVALID, "alerts[0].status: not a string (a boolean)");
        refused("{\"alerts\":[{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-28T09:00:00Z\"}]}",
                Kind.INVALID, "alerts[0].status: missing");
    }

    @Test
    void labels() {
        refused("{\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-11-28T09:00:00Z\"}]}", Kind.INVALID,
                "alerts[0].labels: missing");
        refused(alert("\"labels\":null"), Kind.INVALID, "alerts[0].labels: missing");
        refused(alert("\"labels\":[]"), Kind.INVALID, "alerts[0].labels: not an object");
        refused(alert("\"labels\":{}"), Kind.INVALID, "alerts[0].labels: empty");
        refused(alert("\"labels\":{\"job\":\"x\"}"), Kind.INVALID, "alerts[0].labels: no alertname");
        refused(alert("\"labels\":{\"alertname\":\"\"}"), Kind.INVALID, "alerts[0].labels: no alertname");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":7}"), Kind.INVALID,
                "alerts[0].labels.job: not a string (a number)");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":null}"), Kind.INVALID,
                "alerts[0].labels.job: not a string (null)");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"a b\":{}}"), Kind.INVALID,
                "alerts[0].labels[\"a b\"]: not a string (an object)");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"\":\"v\"}"), Kind.INVALID, "alerts[0].labels: an empty name");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":\"a\\u0000b\"}"), Kind.INVALID,
                "alerts[0].labels.job: the value contains a NUL character");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":\"\\ud800\"}"), Kind.INVALID,
                "alerts[0].labels.job: the value is not valid Unicode (a lone surrogate)");
        Malformed name = refused(alert("\"labels\":{\"alertname\":\"X\",\"j\\udc00\":\"v\"}"));
        assertEquals(Kind.SYNTAX, name.kind(), "Jackson itself refuses a lone surrogate in a name");
        assertTrue(name.problem().contains("surrogate"), name.getMessage());
        refused(alert("\"labels\":{\"alertname\":\"X\",\"" + "n".repeat(1025) + "\":\"v\"}"), Kind.LIMIT,
                "alerts[0].labels: a name has 1025 bytes, at most 1024");
        refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":\"" + "v".repeat(16 * 1024 + 1) + "\"}"), Kind.LIMIT,
                "alerts[0].labels.job: the value has 16385 bytes, at most 16384");
        refused(alert("\"labels\":{\"alertname\":\"" + "€".repeat(5462) + "\"}"), Kind.LIMIT,
                "alerts[0].labels.alertname: the value has 16386 bytes, at most 16384");
        StringBuilder many = new StringBuilder("\"labels\":{\"alertname\":\"X\"");
        for (int i = 0; i < AlertmanagerPayload.MAX_PAIRS; i++) {
            many.append(",\"l").append(i).append("\":\"v\"");
        }
        refused(alert(many.append('}').toString()), Kind.LIMIT, "alerts[0].labels: 257 entries, at most 256");
    }

    @Test
    void annotations() throws Exception {
        assertEquals(Map.of(), parse(alert("\"annotations\":null")).alerts().get(0).annotations());
        refused(alert("\"annotations\":\"x\""), Kind.INVALID, "alerts[0].annotations: not an object");
        refused(alert("\"annotations\":{\"summary\":[\"x\"]}"), Kind.INVALID,
                "alerts[0].annotations.summary: not a string (an array)");
        String long64k = "d".repeat(AlertmanagerPayload.MAX_ANNOTATION_VALUE_BYTES);
        assertEquals(long64k, parse(alert("\"annotations\":{\"description\":\"" + long64k + "\"}")).alerts().get(0)
                .annotations().get("description"));
        refused(alert("\"annotations\":{\"description\":\"" + long64k + "d\"}"), Kind.LIMIT,
                "alerts[0].annotations.description: the value has 65537 bytes, at most 65536");
    }

    @Test
    void times() throws Exception {
        for (String bad : List.of("yesterday", "2026-11-28 09:00:00Z", "2026-11-28T09:00Z", "2026-11-28T09:00:00",
                "2026-02-30T00:00:00Z", "2026-11-28T09:00:60Z", "2026-11-28T24:00:00Z", "2026-11-28T09:00:00.Z",
                "2026-11-28T09:00:00.1234567890Z", "2026-11-28T09:00:00+0200", "2026-11-28T09:00:00+25:00",
                "+2026-11-28T09:00:00Z", "2026-11-28T09:00:00Z ", "")) {
            refused(alert("\"startsAt\":\"" + bad + "\""), Kind.INVALID,
                    "alerts[0].startsAt: not an RFC 3339 time: \"" + bad + "\"");
        }
        refused(alert("\"startsAt\":1700000000"), Kind.INVALID, "alerts[0].startsAt: not a string (a number)");
        refused("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"}}]}", Kind.INVALID,
                "alerts[0].startsAt: missing");
        refused(alert("\"startsAt\":\"0001-01-01T00:00:00Z\""), Kind.INVALID,
                "alerts[0].startsAt: the zero time: an alert has a start");
        refused(alert("\"endsAt\":\"never\""), Kind.INVALID, "alerts[0].endsAt: not an RFC 3339 time: \"never\"");
        refused(alert("\"endsAt\":\"2026-11-28T08:59:59.999Z\""), Kind.INVALID, "alerts[0].endsAt: before startsAt");
        assertNull(parse(alert("\"endsAt\":null")).alerts().get(0).endsAt());
        assertEquals(Instant.parse("2026-11-28T09:00:00Z").toEpochMilli(),
                parse(alert("\"endsAt\":\"2026-11-28T09:00:00Z\"")).alerts().get(0).endsAt());
        assertEquals(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
                parse(alert("\"endsAt\":\"9999-12-31T23:59:59.999999999Z\"")).alerts().get(0).endsAt());
        assertEquals(Instant.parse("2026-11-28T14:30:00Z").toEpochMilli(),
                parse(alert("\"startsAt\":\"2026-11-28T09:00:00-05:30\"")).alerts().get(0).startsAt());
    }

    @Test
    void fingerprints() throws Exception {
        refused(alert("\"fingerprint\":\"\""), Kind.INVALID, "alerts[0].fingerprint: empty");
        refused(alert("\"fingerprint\":\"xyz\""), Kind.INVALID, "alerts[0].fingerprint: not hexadecimal: \"xyz\"");
        refused(alert("\"fingerprint\":\"-1f\""), Kind.INVALID, "alerts[0].fingerprint: not hexadecimal: \"-1f\"");
        refused(alert("\"fingerprint\":12"), Kind.INVALID, "alerts[0].fingerprint: not a string (a number)");
        refused(alert("\"fingerprint\":\"" + "a".repeat(65) + "\""), Kind.LIMIT,
                "alerts[0].fingerprint: 65 characters, at most 64");
        assertEquals("a".repeat(64), parse(alert("\"fingerprint\":\"" + "A".repeat(64) + "\"")).alerts().get(0)
                .fingerprint());
        String a = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-28T09:00:00Z\"";
        refused("{\"alerts\":[" + a + ",\"fingerprint\":\"ab\"}," + a + ",\"fingerprint\":\"AB\"}]}", Kind.INVALID,
                "alerts[1].fingerprint: the same as alerts[0]'s: a notification names each alert once");
        refused("{\"alerts\":[" + a + "}," + a + "}]}", Kind.INVALID,
                "alerts[1].fingerprint: the same as alerts[0]'s: a notification names each alert once");
    }

    @Test
    void syntax() {
        Malformed dup = refused(REAL_FIRING.replace("\"version\":\"4\"", "\"version\":\"4\",\"version\":\"4\""));
        assertEquals(Kind.SYNTAX, dup.kind());
        assertEquals("version", dup.path());
        assertTrue(dup.problem().startsWith("invalid JSON at line 1, column ") && dup.problem().contains("Duplicate"),
                dup.getMessage());
        Malformed dupLabel = refused(alert("\"labels\":{\"alertname\":\"X\",\"job\":\"a\",\"job\":\"b\"}"));
        assertEquals("alerts[0].labels.job", dupLabel.path(), dupLabel.getMessage());
        assertEquals(Kind.SYNTAX, refused(REAL_FIRING + "{}").kind());
        assertEquals(Kind.SYNTAX, refused(REAL_FIRING + " x").kind());
        assertEquals(Kind.SYNTAX, refused(REAL_FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":NaN")).kind());
        assertEquals(Kind.SYNTAX, refused("{/* comment */ \"alerts\":[]}").kind());
        assertEquals(Kind.SYNTAX, refused("{'alerts':[]}").kind());
        assertEquals(Kind.SYNTAX, refused("{\"alerts\":[],}").kind());
        assertEquals(Kind.SYNTAX, refused("{\"alerts\":[\"a\nb\"]}").kind(), "raw control character in a string");
        Malformed m = refused("{\"alerts\": [ {\"status\": \"firing\", \"labels\": {\"alertname\" \"X\"}}]}");
        assertEquals("alerts[0].labels.alertname", m.path(), m.getMessage());
        assertTrue(m.problem().startsWith("invalid JSON at line 1, column 58: Unexpected character"), m.getMessage());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] full = REAL_FIRING.getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            Malformed m = refused(cut);
            assertEquals(Kind.SYNTAX, m.kind(), n + ": " + m.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedWithoutAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Malformed m = refused("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},\"annotations\":"
                + "{\"a\":" + deep + "}}]}");
        assertEquals(Kind.LIMIT, m.kind(), m.getMessage());
        assertTrue(m.problem().contains("nesting depth"), m.getMessage());
        assertEquals(Kind.LIMIT, refused(REAL_FIRING.replace("\"truncatedAlerts\":0",
                "\"truncatedAlerts\":" + "9".repeat(100))).kind());
    }

    @Test
    void encodings() {
        assertEquals("body: not UTF-8 (UTF-16 or UTF-32?): send UTF-8 JSON",
                refused(REAL_FIRING.getBytes(StandardCharsets.UTF_16LE)).getMessage());
        assertEquals("body: not UTF-8 (UTF-16 or UTF-32?): send UTF-8 JSON",
                refused(REAL_FIRING.getBytes(StandardCharsets.UTF_16)).getMessage()); // big-endian with a BOM
        byte[] latin1 = REAL_FIRING.getBytes(StandardCharsets.ISO_8859_1);
        int at = REAL_FIRING.indexOf('ü');
        Malformed m = refused(latin1);
        assertEquals("body: not valid UTF-8 at byte " + at, m.getMessage());
        assertEquals(Kind.SYNTAX, m.kind());
        byte[] overlong = "{\"alerts\":[\"\u00c0\u00af\"]}".getBytes(StandardCharsets.ISO_8859_1); // overlong '/'
        assertEquals("body: not valid UTF-8 at byte 12", refused(overlong).getMessage());
        byte[] surrogate = {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'}; // CESU-8 U+D800
        assertEquals("body: not valid UTF-8 at byte 2", refused(surrogate).getMessage());
    }

    /** Random byte damage to the real payload: a clear refusal or a valid notification, never anything else. */
    @Test
    void fuzzedBytesNeverEscapeAsAnotherException() {
        byte[] base = REAL_RESOLVED.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\":,\\0123456789.eE+-tfnulrsa \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(20261128);
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] b = base.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int i = random.nextInt(b.length);
                b[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            try {
                AlertmanagerPayload p = AlertmanagerPayload.parse(b);
                assertTrue(p.alerts().size() <= 1);
                parsed++;
            } catch (Malformed e) {
                assertTrue(e.getMessage().length() < 400, e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                fail("round " + round + ": " + new String(b, StandardCharsets.ISO_8859_1), e);
            }
        }
        System.out.println("fuzz: " + parsed + " parsed, " + refused + " refused");
        assertTrue(parsed > 50 && refused > 2_500, parsed + " parsed, " + refused + " refused");
    }
}
