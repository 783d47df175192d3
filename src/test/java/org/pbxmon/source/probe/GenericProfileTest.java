package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.source.probe.Fixtures.ok;
import static org.pbxmon.source.probe.Fixtures.value;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;

/** Generic mappings: JSON path to metric name, type and labels, with a per-element label. */
class GenericProfileTest {
    private static ProbeConfig config(String metrics) {
        return Fixtures.probe("""
                  - name: any
                    url: http://127.0.0.1:9000/stats.json
                    metrics:
                %s""".formatted(metrics));
    }

    private static Reading parse(ProbeConfig c, String body) {
        return Fixtures.parse(c, 0, ok(GenericProfile.DOCUMENT, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scalarsFromTheItgrixSeed() {
        ProbeConfig c = config("""
                      - {path: app.pbx.cel_queue.calls, name: crm_cel_calls, help: "CEL calls queued."}
                      - {path: app.pbx.ami.logged_in, name: crm_ami_up, labels: {crm: bitrix}}
                      - {path: app.originated, name: crm_originated, type: counter}
                      - {path: app.pbx.trunks, name: crm_trunks_total, type: counter}
                """);
        Reading r = parse(c, Fixtures.text("itgrix-status.json"));
        assertTrue(r.up);
        assertEquals(List.of(), r.problems);
        assertEquals(List.of(
                new ProbeStatus.Sample("crm_cel_calls", true, false, "CEL calls queued.", List.of(), 0),
                new ProbeStatus.Sample("crm_ami_up", true, false, "Value of app.pbx.ami.logged_in.", List.of("crm", "bitrix"), 1),
                new ProbeStatus.Sample("crm_originated", true, true, "Value of app.originated.", List.of(), 0),
                new ProbeStatus.Sample("crm_trunks", true, true, "Value of app.pbx.trunks.", List.of(), 2)), r.samples);
    }

    @Test
    void objectElementsNamedByTheirKeys() {
        ProbeConfig c = config("""
                      - path: channels
                        name: chat_channel_errors
                        each: {label: channel, value: error_cnt}
                """);
        Reading r = parse(c, Fixtures.text("webim-zabbix-channels.json"));
        assertEquals(1.0, value(r, "chat_channel_errors", "channel", "telegram"));
        assertEquals(1.0, value(r, "chat_channel_errors", "channel", "vk"));
    }

    @Test
    void arrayElementsNamedByAFieldOrTheirIndex() {
        ProbeConfig byName = config("""
                      - path: ""
                        name: chat_sessions
                        labels: {site: main}
                        each: {label: account, key: name, value: sessions_cnt}
                """);
        Reading r = parse(byName, Fixtures.text("webim-accounts-stat.json"));
        assertEquals(13.0, value(r, "chat_sessions", "site", "main", "account", "TOTAL"));
        assertEquals(13.0, value(r, "chat_sessions", "site", "main", "account", "wmtest107"));
        ProbeConfig byIndex = config("""
                      - {path: "", name: port, each: {label: i}}
                """);
        Reading ports = parse(byIndex, Fixtures.text("webim-tornado-ports.json"));
        assertEquals(13, ports.samples.size());
        assertEquals(8364.0, value(ports, "port", "i", "0"));
        assertEquals(8267.0, value(ports, "port", "i", "12"));
    }

    @Test
    void badInputIsCountedAndSkipped() {
        ProbeConfig c = config("""
                      - {path: a.missing, name: m1}
                      - {path: a.text, name: m2}
                      - {path: a.neg, name: m3, type: counter}
                      - {path: a.text, name: m4, each: {label: x}}
                      - {path: a.list, name: m5, each: {label: x, key: id}}
                      - {path: a.ok, name: m6}
                """);
        Reading r = parse(c, """
                {"a": {"text": "n/a", "neg": -1, "ok": "42.5", "list": [{"id": "a"}, {"v": 1}]}}
                """);
        assertEquals(List.of(
                "missing_field: /stats.json: missing field a.missing",
                "bad_value: /stats.json: a.text is not a number, got \"n/a\"",
                "bad_value: /stats.json: a.neg is negative, but m3 is a counter",
                "bad_value: /stats.json: a.text is \"n/a\", not an array or object",
                "bad_value: /stats.json: a.list.0 is not a number, got an object",
                "missing_field: /stats.json: missing field a.list.1.id"), r.problems.stream().map(Object::toString).toList());
        assertEquals(42.5, value(r, "m6"));
        assertNull(value(r, "m2"));
    }

    @Test
    void duplicateSeriesKeepTheFirst() {
        ProbeConfig c = config("""
                      - {path: "", name: dup, each: {label: k, key: id, value: v}}
                """);
        Reading r = parse(c, "[{\"id\": \"a\", \"v\": 1}, {\"id\": \"a\", \"v\": 2}]");
        assertEquals(1.0, value(r, "dup", "k", "a"));
        assertEquals(List.of("bad_value"), Fixtures.reasons(r));
    }

    @Test
    void notJson() {
        Reading r = parse(config("      - {path: a, name: a}\n"), "ok");
        assertEquals(List.of("not_json"), Fixtures.reasons(r));
        assertEquals(false, r.up);
    }
}
