package org.pbxmon.source.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pbxmon.config.ProbeConfig;

/**
 * Webim's monitoring endpoints (10.7): the chat backend's main info, per-account storager counters,
 * store errors per object class, the Zabbix summaries, the DB check, the instance id (a change is a
 * restart), the account's blocked flag, the chat backend ping and the backend ports answering.
 */
final class WebimProfile implements Profile {
    static final String MONITOR = "monitor";
    static final String ACCOUNTS = "accounts_stat";
    static final String TORNADO = "tornado";
    static final String CHANNELS = "channels";
    static final String DB = "connect_to_db";
    static final String INSTANCE = "instance_id";
    static final String ACCOUNT_STATE = "account_state";
    static final String STORE_ERRORS = "store_errors:";
    static final String PING = "pingservice";
    static final String PORTS = "tornado_ports";
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** accounts-stat field prefix per state; storager 1 adds {@code _1}. */
    private static final String[][] STATES = {
        {"failed_to_store_objects_cnt", "failed"},
        {"collected_to_store_objects_cnt", "collected"},
        {"being_stored_now_objects_cnt", "being_stored"},
        {"being_stored_now_processed_objects_cnt", "being_stored_processed"},
    };
    private static final List<String> ERROR_FIELDS = List.of("errors", "error_cnt", "errors_cnt", "failed", "count");

    @Override
    public String name() {
        return "webim";
    }

    @Override
    public List<Request> requests(ProbeConfig config, long nowMs) {
        List<Request> out = new ArrayList<>(List.of(
                new Request(MONITOR, "/l/a/monitor", false),
                new Request(ACCOUNTS, "/l/a/monitor/accounts-stat", false),
                new Request(TORNADO, "/l/a/monitor/zabbix/tornado", false),
                new Request(CHANNELS, "/l/a/monitor/zabbix/channels", false),
                new Request(DB, "/l/a/monitor/connect-to-db", false),
                new Request(INSTANCE, "/l/i/instance-id", false),
                new Request(ACCOUNT_STATE, "/l/i/account-state?action=get_state", false)));
        for (String account : config.webim().accounts()) {
            out.add(new Request(STORE_ERRORS + account, "/l/a/monitor/collected-to-store-objects?mode=stats&account_name="
                    + URLEncoder.encode(account, StandardCharsets.UTF_8) + "&collector_name=collected_to_store&num=100", false));
        }
        if (!config.webim().cookie().isEmpty()) {
            out.add(new Request(PING, "/l/o/pingservice?pinger-id=" + URLEncoder.encode(config.webim().pingerId(),
                    StandardCharsets.UTF_8) + "&ts=" + nowMs / 1000, true));
            out.add(new Request(PORTS, "/webim/service/monitor/get-tornado-ports.php", true));
        }
        return out;
    }

    @Override
    public void parse(ProbeConfig config, Map<String, Answer> answers, long nowMs, Reading out) {
        JsonNode monitor = out.document(answers.get(MONITOR), "/l/a/monitor");
        out.up = monitor != null;
        out.check(MONITOR, monitor != null);
        if (monitor != null) {
            mainInfo(monitor, out);
            GenericProfile.map(config.metrics(), monitor, "/l/a/monitor", out);
        }
        String account = accounts(out.document(answers.get(ACCOUNTS), "/l/a/monitor/accounts-stat"), config, out);
        JsonNode tornado = out.document(answers.get(TORNADO), "/l/a/monitor/zabbix/tornado");
        out.check(TORNADO, tornado != null);
        if (tornado != null) {
            String w = "/l/a/monitor/zabbix/tornado";
            out.gaugeOf(tornado, "sessions_cnt", w, "backend_sessions");
            out.gaugeOf(tornado, "working_operators_cnt", w, "backend_working_operators");
            out.gaugeOf(tornado, "chats_cnt", w, "backend_chats");
            out.gaugeOf(tornado, "accounts_cnt", w, "backend_accounts");
        }
        channels(out.document(answers.get(CHANNELS), "/l/a/monitor/zabbix/channels"), out);
        database(answers.get(DB), out);
        instance(answers.get(INSTANCE), out);
        JsonNode state = out.document(answers.get(ACCOUNT_STATE), "/l/i/account-state");
        out.check(ACCOUNT_STATE, state != null);
        if (state != null) {
            out.gaugeOf(state, "blocked", "/l/i/account-state", "account_blocked", "account", account);
        }
        for (String acc : config.webim().accounts()) {
            storeErrors(acc, out.document(answers.get(STORE_ERRORS + acc), "collected-to-store-objects " + acc), out);
        }
        if (!config.webim().cookie().isEmpty()) {
            ping(answers.get(PING), out);
            JsonNode ports = out.document(answers.get(PORTS), "get-tornado-ports.php");
            boolean ok = ports != null && ports.isArray();
            if (ports != null && !ok) {
                out.problem("bad_value", "get-tornado-ports.php: expected an array of ports, got " + Json.describe(ports));
            }
            out.check(PORTS, ok);
            if (ok) {
                out.gauge("backend_ports_answering", ports.size());
            }
        }
    }

    private static void mainInfo(JsonNode monitor, Reading out) {
        String w = "/l/a/monitor";
        String version = out.text(monitor, "mainInfo.version", w);
        out.version = version == null ? "" : version;
        out.startEpochSeconds = out.number(monitor, "mainInfo.startTs", w);
        out.storingEnabled = out.bool(monitor, "mainInfo.storingEnabled", w);
        out.gaugeOf(monitor, "mainInfo.avgNTries", w, "backend_avg_long_poll_tries");
    }

    /** Storager counters per account; returns the account name of the probed host (for account_blocked). */
    private static String accounts(JsonNode rows, ProbeConfig config, Reading out) {
        String w = "/l/a/monitor/accounts-stat";
        String host = config.url().getHost();
        String account = host;
        out.check(ACCOUNTS, rows != null && rows.isArray());
        if (rows == null) {
            return account;
        }
        if (!rows.isArray()) {
            out.problem("bad_value", w + ": expected an array of accounts, got " + Json.describe(rows));
            return account;
        }
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String name = out.text(row, "name", w + " [" + i + "]");
            if (name == null) {
                continue;
            }
            JsonNode domain = row.get("domain");
            if (domain != null && domain.asText().equalsIgnoreCase(host)) {
                account = name;
            }
            for (String storager : List.of("0", "1")) {
                String suffix = storager.equals("0") ? "" : "_1";
                if (!suffix.isEmpty() && !row.has(STATES[0][0] + suffix)) {
                    continue; // a single-storager backend has no _1 fields at all
                }
                for (String[] s : STATES) {
                    out.gaugeOf(row, s[0] + suffix, w + " " + name, "storager_objects", "account", name,
                            "storager", storager, "state", s[1]);
                }
            }
        }
        return account;
    }

    private static void channels(JsonNode doc, Reading out) {
        String w = "/l/a/monitor/zabbix/channels";
        JsonNode channels = doc == null ? null : out.at(doc, "channels", w);
        boolean ok = channels != null && channels.isObject();
        if (channels != null && !ok) {
            out.problem("bad_value", w + ": channels is " + Json.describe(channels) + ", not an object");
        }
        out.check(CHANNELS, ok);
        if (ok) {
            for (Iterator<Map.Entry<String, JsonNode>> it = channels.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.gaugeOf(e.getValue(), "error_cnt", w + " " + e.getKey(), "channel_errors", "channel", e.getKey());
            }
        }
    }

    /** 200: connected; 500 with {@code e}: not connected, and why. */
    private static void database(Answer a, Reading out) {
        String w = "/l/a/monitor/connect-to-db";
        if (!out.arrived(a, w)) {
            out.check(DB, false);
            return;
        }
        if (a.status() == 200) {
            out.gauge("backend_db_connected", 1);
            out.check(DB, true);
            return;
        }
        if (a.status() == 500) {
            out.gauge("backend_db_connected", 0);
            JsonNode doc = out.json(a, w);
            JsonNode e = doc == null ? null : doc.get("e");
            out.problem("target_error", w + ": " + (e == null ? "HTTP 500" : e.asText()));
        } else {
            out.httpStatus(a, w);
        }
        out.check(DB, false);
    }

    private static void instance(Answer a, Reading out) {
        String w = "/l/i/instance-id";
        boolean ok = false;
        if (out.arrived(a, w)) {
            if (a.status() < 200 || a.status() > 299) {
                out.httpStatus(a, w);
            } else {
                String id = new String(a.body(), StandardCharsets.UTF_8).trim();
                if (id.length() > 2 && id.startsWith("\"") && id.endsWith("\"")) {
                    id = id.substring(1, id.length() - 1);
                }
                if (INSTANCE_ID.matcher(id).matches()) {
                    out.instanceId = id;
                    ok = true;
                } else {
                    out.problem("bad_value", w + ": expected an instance id, got " + Reading.excerpt(a.body()));
                }
            }
        }
        out.check(INSTANCE, ok);
    }

    private static void storeErrors(String account, JsonNode doc, Reading out) {
        String w = "collected-to-store-objects " + account;
        boolean ok = doc != null && doc.isObject();
        if (doc != null && !ok) {
            out.problem("bad_value", w + ": expected an object of class to errors, got " + Json.describe(doc));
        }
        out.check(STORE_ERRORS + account, ok);
        if (!ok) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                v = ERROR_FIELDS.stream().map(v::get).filter(n -> n != null && n.isNumber()).findFirst().orElse(v);
            }
            Double d = Json.number(v);
            if (d == null) {
                out.problem("bad_value", w + ": " + e.getKey() + " is " + Json.describe(e.getValue()) + ", not a count");
            } else {
                out.gauge("store_errors", d, "account", account, "class", e.getKey());
            }
        }
    }

    /** 200 {@code {'result': 'ok'}}: the chat backend is alive; 5xx: it is not. */
    private static void ping(Answer a, Reading out) {
        String w = "/l/o/pingservice";
        if (!out.arrived(a, w)) {
            out.check(PING, false);
            return;
        }
        if (a.status() >= 500) {
            out.gauge("backend_alive", 0);
            out.problem("target_error", w + ": HTTP " + a.status());
            out.check(PING, false);
            return;
        }
        JsonNode doc = out.document(a, w);
        boolean alive = doc != null && "ok".equals(doc.path("result").asText());
        if (doc != null) {
            out.gauge("backend_alive", alive ? 1 : 0);
            if (!alive) {
                out.problem("target_error", w + ": result is " + Json.describe(doc.get("result")));
            }
        }
        out.check(PING, alive);
    }
}
