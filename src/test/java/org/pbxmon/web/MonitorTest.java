package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pbxmon.testing.Await;
import org.slf4j.LoggerFactory;

/** The Webim-style monitor endpoints. */
class MonitorTest {
    /** A logger set OFF in the config must stay off. */
    private static final String LOCKED = "org.pbxmon.test.LockedOff";
    private static final String AUTH = WebFixture.basic(WebFixture.USER, WebFixture.PASS);

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Responses.JSON.readTree(r.body());
    }

    @Test
    void mainInfoInstanceIdAndTimerStats() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of())) {
            long now = System.currentTimeMillis();
            web.store.timers().record("ami resync main", now - 1000, 0.25, null);
            web.store.timers().record("ami resync main", now - 500, 0.5, "");
            web.store.timers().record("probe itgrix", now - 200, 1.5, "connect timed out");
            assertEquals(401, web.get("/monitor").statusCode());
            JsonNode m = json(web.get("/monitor", "Authorization", AUTH));
            JsonNode info = m.get("mainInfo");
            assertEquals("1.2.3", info.get("version").asText());
            assertEquals("abc123", info.get("revision").asText());
            assertEquals(WebFixture.INFO.startedEpochMs() / 1000.0, info.get("startTs").asDouble(), 0.001);
            assertTrue(info.get("startTime").asText().matches("\\d\\d-\\d\\d-\\d{4} \\d\\d:\\d\\d:\\d\\d"));
            assertTrue(info.get("uptimeSeconds").asLong() >= 4);
            assertEquals(ProcessHandle.current().pid(), info.get("pid").asLong());
            assertEquals(Runtime.version().toString(), info.get("javaVersion").asText());
            assertEquals("/etc/pbxmon.yml", info.get("configPath").asText());
            assertTrue(info.has("nodeName"));
            assertFalse(m.get("host").asText().isEmpty());

            HttpResponse<String> id = web.get("/monitor/instance-id", "Authorization", AUTH);
            assertEquals("instance-42", id.body());
            assertTrue(id.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

            JsonNode t = json(web.get("/monitor/timer-stats", "Authorization", AUTH));
            assertEquals(2, t.at("/last_min/ami resync main/count").asInt());
            assertEquals(0.5, t.at("/last_min/ami resync main/execution_times/1").asDouble());
            assertEquals(1, t.at("/last_min/probe itgrix/count").asInt());
            assertEquals(1, t.get("failed").size());
            JsonNode f = t.get("failed").get(0);
            assertEquals("probe itgrix", f.get("timer_name").asText());
            assertEquals(1.5, f.get("execution_time").asDouble());
            assertEquals((now - 200) / 1000.0, f.get("ts").asDouble(), 0.001);
            assertEquals("connect timed out", f.get("error").asText());
        }
    }

    @Test
    void setLogLevelTakesEffectAtRuntimeAndRevertsAfterTtl() throws Exception {
        ((Logger) LoggerFactory.getLogger(LOCKED)).setLevel(Level.OFF); // as logback.xml may set a secret-leaking logger
        Logger ami = (Logger) LoggerFactory.getLogger("org.pbxmon.source.ami");
        org.slf4j.Logger child = LoggerFactory.getLogger("org.pbxmon.source.ami.AmiSync");
        Level before = ami.getLevel();
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), List.of())) {
            assertFalse(child.isDebugEnabled());
            HttpResponse<String> r = web.get("/monitor/set-log-level?name=ami&level=DEBUG", "Authorization", AUTH);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("org.pbxmon.source.ami", json(r).get("logger").asText());
            assertTrue(child.isDebugEnabled(), "takes effect at once");
            assertEquals(200, web.get("/monitor/set-log-level?name=org.pbxmon.source.ami&level=FATAL",
                    "Authorization", AUTH).statusCode());
            assertEquals(Level.ERROR, ami.getLevel(), "FATAL maps to ERROR");
            assertFalse(child.isWarnEnabled());

            r = web.get("/monitor/set-log-level?name=ami&level=debug&ttl=1s", "Authorization", AUTH);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(json(r).has("revert_ts"));
            assertTrue(child.isDebugEnabled());
            Await.until(java.time.Duration.ofSeconds(5), () -> ami.getLevel(), Level.ERROR, "reverted after the TTL");

            for (String bad : List.of("?level=DEBUG", "?name=ami", "?name=ami&level=LOUD", "?name=a%20b&level=INFO",
                    "?name=ami&level=INFO&ttl=forever", "?name=ami&level=INFO&ttl=0",
                    "?name=" + LOCKED + "&level=DEBUG")) {
                HttpResponse<String> b = web.get("/monitor/set-log-level" + bad, "Authorization", AUTH);
                assertEquals(400, b.statusCode(), bad + " " + b.body());
            }
            assertEquals(401, web.get("/monitor/set-log-level?name=ami&level=DEBUG").statusCode());
            assertEquals(Level.ERROR, ami.getLevel(), "unauthenticated call changed nothing");
        } finally {
            ami.setLevel(before);
        }
    }

    @Test
    void reloadIsPostOnlyAndReportsTheOutcome() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Reloader fails = new Reloader() {
            @Override
            public Outcome reload() {
                return calls.incrementAndGet() == 1 ? new Outcome(true, List.of("started ami:b"))
                        : new Outcome(false, List.of("pbx[0].ami.host: required"));
            }

            @Override
            public long[] counts() {
                return new long[] {1, 1, 0};
            }
        };
        try (WebFixture web = new WebFixture(WebFixture.http(Map.of()), List.of(), fails)) {
            assertEquals(405, web.get("/monitor/reload", "Authorization", AUTH).statusCode());
            assertEquals(401, web.send("POST", "/monitor/reload", "").statusCode());
            assertEquals(0, calls.get());
            HttpResponse<String> ok = web.send("POST", "/monitor/reload", "", "Authorization", AUTH);
            assertEquals(200, ok.statusCode());
            assertEquals("started ami:b", json(ok).at("/messages/0").asText());
            HttpResponse<String> bad = web.send("POST", "/monitor/reload", "", "Authorization", AUTH);
            assertEquals(500, bad.statusCode());
            assertEquals("pbx[0].ami.host: required", json(bad).at("/messages/0").asText());
            JsonNode m = json(web.get("/monitor", "Authorization", AUTH));
            assertFalse(m.at("/mainInfo/configReloads/lastSuccessful").asBoolean());
            assertEquals(1, m.at("/mainInfo/configReloads/failure").asLong());
        }
    }
}
