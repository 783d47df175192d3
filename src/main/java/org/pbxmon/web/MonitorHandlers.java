package org.pbxmon.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.TimerStats;

/**
 * Self-monitoring, modelled on Webim's monitor endpoints, all in the {@code monitor} group:
 * {@code /monitor}, {@code /monitor/instance-id}, {@code /monitor/timer-stats},
 * {@code /monitor/set-log-level} and {@code POST /monitor/reload}.
 */
final class MonitorHandlers {
    static final String GROUP = "monitor";
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");

    private final AgentInfo info;
    private final TimerStats timers;
    private final LogLevels levels;
    private final Reloader reloader;
    private volatile String host;

    MonitorHandlers(AgentInfo info, TimerStats timers, LogLevels levels, Reloader reloader) {
        this.info = info;
        this.timers = timers;
        this.levels = levels;
        this.reloader = reloader;
    }

    List<Route> routes() {
        return List.of(
                new Route("/monitor", GROUP, this::main),
                new Route("/monitor/instance-id", GROUP, this::instanceId),
                new Route("/monitor/timer-stats", GROUP, this::timerStats),
                new Route("/monitor/set-log-level", GROUP, this::setLogLevel),
                new Route("/monitor/reload", GROUP, this::reload));
    }

    private void main(HttpExchange ex) throws IOException {
        ObjectNode body = Responses.JSON.createObjectNode();
        ObjectNode m = body.putObject("mainInfo");
        long now = System.currentTimeMillis();
        m.put("version", info.version());
        m.put("revision", info.revision());
        m.put("startTs", info.startedEpochMs() / 1000.0);
        m.put("startTime", HUMAN.format(Instant.ofEpochMilli(info.startedEpochMs()).atZone(ZoneId.systemDefault())));
        m.put("uptimeSeconds", (now - info.startedEpochMs()) / 1000);
        m.put("instanceId", info.instanceId());
        m.put("nodeName", System.getenv().getOrDefault("PBXMON_NODE_NAME", ""));
        m.put("pid", ProcessHandle.current().pid());
        m.put("javaVersion", Runtime.version().toString());
        m.put("configPath", info.configPath());
        long[] reloads = reloader.counts();
        ObjectNode r = m.putObject("configReloads");
        r.put("success", reloads[0]);
        r.put("failure", reloads[1]);
        r.put("lastSuccessful", reloads[2] != 0);
        body.put("host", host());
        Responses.json(ex, 200, body);
    }

    /** The host name, looked up once (it may need DNS), on the first request rather than at start. */
    private String host() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = System.getenv().getOrDefault("HOSTNAME", "unknown");
            }
            host = h;
        }
        return h;
    }

    private void instanceId(HttpExchange ex) throws IOException {
        byte[] b = info.instanceId().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void timerStats(HttpExchange ex) throws IOException {
        ObjectNode body = Responses.JSON.createObjectNode();
        ObjectNode last = body.putObject("last_min");
        for (Map.Entry<String, List<TimerStats.Run>> e : timers.lastMinute().entrySet()) {
            ObjectNode t = last.putObject(e.getKey());
            t.put("count", e.getValue().size());
            ArrayNode times = t.putArray("execution_times");
            e.getValue().forEach(run -> times.add(run.seconds()));
        }
        ArrayNode failed = body.putArray("failed");
        for (TimerStats.Run run : timers.failed()) {
            ObjectNode f = failed.addObject();
            f.put("timer_name", run.timer());
            f.put("execution_time", run.seconds());
            f.put("ts", run.startedEpochMs() / 1000.0);
            f.put("error", run.error());
        }
        Responses.json(ex, 200, body);
    }

    private void setLogLevel(HttpExchange ex) throws IOException {
        if (!method(ex, "GET", "POST")) {
            return;
        }
        String q = ex.getRequestURI().getRawQuery();
        try {
            LogLevels.Change c = levels.set(StatusHandler.query(q, "name"), StatusHandler.query(q, "level"),
                    StatusHandler.query(q, "ttl"));
            ObjectNode body = Responses.JSON.createObjectNode();
            body.put("result", "ok");
            body.put("logger", c.logger());
            body.put("level", c.level());
            body.put("previous", c.previous());
            if (c.revertAtEpochMs() > 0) {
                body.put("revert_ts", c.revertAtEpochMs() / 1000.0);
            }
            Responses.json(ex, 200, body);
        } catch (LogLevels.BadRequest e) {
            Responses.json(ex, 400, Responses.error(e.getMessage()));
        } catch (RuntimeException e) {
            Responses.json(ex, 500, Responses.error("cannot set the log level: " + e.getClass().getSimpleName()));
        }
    }

    private void reload(HttpExchange ex) throws IOException {
        if (!method(ex, "POST")) {
            return;
        }
        Reloader.Outcome o = reloader.reload();
        ObjectNode body = o.ok() ? Responses.JSON.createObjectNode().put("result", "ok")
                : Responses.error("reload failed, the previous config stays in use");
        ArrayNode msgs = body.putArray("messages");
        o.messages().forEach(msgs::add);
        Responses.json(ex, o.ok() ? 200 : 500, body);
    }

    /** False (after a 405) when the request method is not one of {@code allowed}. */
    private static boolean method(HttpExchange ex, String... allowed) throws IOException {
        for (String m : allowed) {
            if (m.equals(ex.getRequestMethod())) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        Responses.json(ex, 405, Responses.error("method not allowed"));
        return false;
    }
}
