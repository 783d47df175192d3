package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.source.probe.Fixtures.ok;
import static org.pbxmon.source.probe.Fixtures.payload;
import static org.pbxmon.source.probe.Fixtures.value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ProbeConfig;

/** The Webim profile on the seed's literal examples. */
class WebimProfileTest {
    private static final long NOW = 1_760_000_000_000L;

    static ProbeConfig config() {
        return Fixtures.probe("""
                  - name: chat
                    profile: webim
                    url: https://wmtest107.webim.ru
                    auth: {type: basic, username: service, password: "${PW}"}
                    webim:
                      accounts: [wmtest107]
                      pinger_id: "17595"
                      cookie: "WEBIM_AUTH_TOKEN=${PW}"
                """);
    }

    static List<Profile.Answer> seedAnswers() {
        return new ArrayList<>(List.of(
                ok("monitor", payload("webim-monitor.json")),
                ok("accounts_stat", payload("webim-accounts-stat.json")),
                ok("tornado", payload("webim-zabbix-tornado.json")),
                ok("channels", payload("webim-zabbix-channels.json")),
                ok("connect_to_db", payload("webim-connect-to-db-ok.txt")),
                ok("instance_id", payload("webim-instance-id.txt")),
                ok("account_state", payload("webim-account-state.json")),
                ok("store_errors:wmtest107", payload("webim-store-errors.json")),
                ok("pingservice", payload("webim-pingservice.txt")),
                ok("tornado_ports", payload("webim-tornado-ports.json"))));
    }

    private static Reading parse(List<Profile.Answer> answers) {
        return Fixtures.parse(config(), NOW, answers.toArray(Profile.Answer[]::new));
    }

    @Test
    void requestsEveryEndpoint() {
        List<String> targets = new WebimProfile().requests(config(), NOW).stream()
                .map(r -> r.key() + " " + r.target() + (r.cookie() ? " +cookie" : "")).toList();
        assertEquals(List.of(
                "monitor /l/a/monitor",
                "accounts_stat /l/a/monitor/accounts-stat",
                "tornado /l/a/monitor/zabbix/tornado",
                "channels /l/a/monitor/zabbix/channels",
                "connect_to_db /l/a/monitor/connect-to-db",
                "instance_id /l/i/instance-id",
                "account_state /l/i/account-state?action=get_state",
                "store_errors:wmtest107 /l/a/monitor/collected-to-store-objects?mode=stats&account_name=wmtest107"
                        + "&collector_name=collected_to_store&num=100",
                "pingservice /l/o/pingservice?pinger-id=17595&ts=1760000000 +cookie",
                "tornado_ports /webim/service/monitor/get-tornado-ports.php +cookie"), targets);
        ProbeConfig noCookie = Fixtures.probe("  - {name: c, profile: webim, url: \"https://chat.example.com/\"}\n");
        assertEquals(7, new WebimProfile().requests(noCookie, NOW).size(), "no cookie: no ping, no ports");
    }

    @Test
    void seedPayloads() {
        Reading r = parse(seedAnswers());
        assertEquals(List.of(), r.problems);
        assertTrue(r.up);
        assertEquals("10.7.134", r.version);
        assertEquals(1759500493.7488275, r.startEpochSeconds);
        assertEquals(Boolean.TRUE, r.storingEnabled);
        assertEquals("9b5ad6b158354197bcfb949c55756c4c", r.instanceId);
        assertEquals(0.0, value(r, "backend_avg_long_poll_tries"));
        for (String account : List.of("TOTAL", "wmtest107")) {
            for (String storager : List.of("0", "1")) {
                for (String state : List.of("failed", "collected", "being_stored", "being_stored_processed")) {
                    assertEquals(0.0, value(r, "storager_objects", "account", account, "storager", storager, "state", state),
                            account + storager + state);
                }
            }
        }
        assertEquals(16, r.samples.stream().filter(s -> s.name().equals("storager_objects")).count());
        assertEquals(13.0, value(r, "backend_sessions"));
        assertEquals(2.0, value(r, "backend_working_operators"));
        assertEquals(2.0, value(r, "backend_chats"));
        assertEquals(1.0, value(r, "backend_accounts"));
        assertEquals(1.0, value(r, "channel_errors", "channel", "telegram"));
        assertEquals(1.0, value(r, "channel_errors", "channel", "vk"));
        assertEquals(1.0, value(r, "backend_db_connected"));
        // the probed host is the domain of account wmtest107 in accounts-stat
        assertEquals(0.0, value(r, "account_blocked", "account", "wmtest107"));
        assertEquals(2.0, value(r, "store_errors", "account", "wmtest107", "class", "VisitSession"));
        assertEquals(1.0, value(r, "store_errors", "account", "wmtest107", "class", "Chat"));
        assertEquals(0.0, value(r, "store_errors", "account", "wmtest107", "class", "ChatMessage"));
        assertEquals(1.0, value(r, "backend_alive"));
        assertEquals(13.0, value(r, "backend_ports_answering"));
        assertEquals(10, r.samples.stream().filter(s -> s.name().equals("check_success") && s.value() == 1).count());
    }

    @Test
    void failingStoragerCounts() {
        List<Profile.Answer> a = seedAnswers();
        a.set(1, ok("accounts_stat", Fixtures.text("webim-accounts-stat.json")
                .replace("\"failed_to_store_objects_cnt_1\": 0", "\"failed_to_store_objects_cnt_1\": 7")
                .getBytes(StandardCharsets.UTF_8)));
        Reading r = parse(a);
        assertEquals(7.0, value(r, "storager_objects", "account", "TOTAL", "storager", "1", "state", "failed"));
        assertEquals(7.0, value(r, "storager_objects", "account", "wmtest107", "storager", "1", "state", "failed"));
        assertEquals(0.0, value(r, "storager_objects", "account", "wmtest107", "storager", "0", "state", "failed"));
    }

    @Test
    void singleStoragerBackendHasNoSecondStorager() {
        List<Profile.Answer> a = seedAnswers();
        a.set(1, ok("accounts_stat", Fixtures.text("webim-accounts-stat.json").replace("_cnt_1\"", "_cnt_x\"")
                .getBytes(StandardCharsets.UTF_8)));
        Reading r = parse(a);
        assertEquals(List.of(), r.problems);
        assertEquals(8, r.samples.stream().filter(s -> s.name().equals("storager_objects")).count());
    }

    @Test
    void databaseDownIsAnAnswerNotAFailure() {
        List<Profile.Answer> a = seedAnswers();
        a.set(4, Fixtures.status("connect_to_db", 500, payload("webim-connect-to-db-error.txt")));
        Reading r = parse(a);
        assertTrue(r.up);
        assertEquals(0.0, value(r, "backend_db_connected"));
        assertEquals(0.0, value(r, "check_success", "check", "connect_to_db"));
        assertEquals(List.of("target_error: /l/a/monitor/connect-to-db: Failed to connect to database meta"),
                r.problems.stream().map(Object::toString).toList());
    }

    @Test
    void mainDocumentDownButOthersStillRead() {
        List<Profile.Answer> a = seedAnswers();
        a.set(0, Profile.Answer.failed("monitor", "connect", "cannot connect (Connection refused)"));
        a.set(5, ok("instance_id", "<html>".getBytes(StandardCharsets.UTF_8)));
        a.set(8, Fixtures.status("pingservice", 502, new byte[0]));
        Reading r = parse(a);
        assertFalse(r.up);
        assertNull(r.instanceId);
        assertEquals(List.of("connect", "bad_value", "target_error"), Fixtures.reasons(r));
        assertEquals(0.0, value(r, "backend_alive"));
        assertEquals(1.0, value(r, "channel_errors", "channel", "vk"));
    }

    @Test
    void wrongShapes() {
        List<Profile.Answer> a = seedAnswers();
        a.set(1, ok("accounts_stat", "{\"name\": \"TOTAL\"}".getBytes(StandardCharsets.UTF_8)));
        a.set(3, ok("channels", "{\"channels\": []}".getBytes(StandardCharsets.UTF_8)));
        a.set(7, ok("store_errors:wmtest107", "{\"Chat\": \"many\"}".getBytes(StandardCharsets.UTF_8)));
        a.set(9, ok("tornado_ports", "{}".getBytes(StandardCharsets.UTF_8)));
        Reading r = parse(a);
        assertEquals(List.of("bad_value", "bad_value", "bad_value", "bad_value"), Fixtures.reasons(r));
        assertEquals(0.0, value(r, "check_success", "check", "tornado_ports"));
    }
}
