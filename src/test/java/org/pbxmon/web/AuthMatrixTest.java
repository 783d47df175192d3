package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.config.HttpConfig;

/** Every endpoint group × every auth mode it allows × every kind of credential, over real HTTP. */
class AuthMatrixTest {
    /** A path per group: the real ones, and test routes for the groups whose endpoints are still to come. */
    static final Map<String, String> PATH = new LinkedHashMap<>();

    static {
        PATH.put("metrics", "/metrics");
        PATH.put("status", "/status");
        PATH.put("health", "/health");
        PATH.put("zabbix", "/zabbix/pbx/main");
        PATH.put("monitor", "/monitor/instance-id");
        PATH.put("intake", "/t/intake");
        PATH.put("api", "/t/api");
        PATH.put("panel", "/t/panel");
    }

    /** The schemes each group allows, as the config accepts them (AuthTable). */
    static final Map<String, List<String>> ALLOWED = Map.of(
            "metrics", List.of("none", "basic", "bearer"),
            "status", List.of("basic", "digest"),
            "health", List.of("none", "basic", "digest"),
            "zabbix", List.of("basic", "digest"),
            "monitor", List.of("basic", "digest"),
            "intake", List.of("basic", "bearer"),
            "api", List.of("api_key", "basic"),
            "panel", List.of("basic", "digest"));

    static List<Route> testRoutes() {
        return List.of(new Route("/zabbix/pbx/", "zabbix", WebFixture.ok("zabbix")),
                new Route("/t/intake", "intake", WebFixture.ok("intake")),
                new Route("/t/api", "api", WebFixture.ok("api")),
                new Route("/t/panel", "panel", WebFixture.ok("panel")));
    }

    /** What a request with credentials of kind {@code kind} gets. */
    static int request(WebFixture web, String path, String kind) {
        return switch (kind) {
            case "anonymous" -> web.get(path).statusCode();
            case "basic" -> web.get(path, "Authorization", WebFixture.basic(WebFixture.USER, WebFixture.PASS)).statusCode();
            case "basic-wrong" -> web.get(path, "Authorization", WebFixture.basic(WebFixture.USER, "x")).statusCode();
            case "bearer" -> web.get(path, "Authorization", "Bearer " + WebFixture.TOKEN).statusCode();
            case "bearer-wrong" -> web.get(path, "Authorization", "Bearer nope").statusCode();
            case "api_key" -> web.get(path, "X-API-Key", WebFixture.API_KEY).statusCode();
            case "digest" -> {
                HttpResponse<String> first = web.get(path);
                Map<String, String> c = WebFixture.challenge(first, "SHA-256");
                if (c == null) {
                    yield first.statusCode();
                }
                yield web.get(path, "Authorization", WebFixture.digest("SHA-256", WebFixture.USER, WebFixture.PASS,
                        c.get("realm"), c.get("nonce"), c.get("opaque"), "GET", path, 1, "abc")).statusCode();
            }
            default -> throw new AssertionError(kind);
        };
    }

    static final List<String> KINDS = List.of("anonymous", "basic", "basic-wrong", "bearer", "bearer-wrong",
            "api_key", "digest");

    static boolean accepted(List<String> mode, String kind) {
        return mode.contains("none") || mode.contains(kind);
    }

    @Test
    void everyGroupTimesEveryMode() throws Exception {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String group : PATH.keySet()) {
            List<List<String>> modes = new ArrayList<>();
            ALLOWED.get(group).forEach(s -> modes.add(List.of(s)));
            modes.add(ALLOWED.get(group).stream().filter(s -> !s.equals("none")).toList());
            for (List<String> mode : modes) {
                try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(group, mode)), testRoutes())) {
                    for (String kind : KINDS) {
                        int expected = accepted(mode, kind) ? 200 : 401;
                        int got = request(web, PATH.get(group), kind);
                        cases++;
                        if (got != expected) {
                            failures.add(group + " " + mode + " " + kind + ": expected " + expected + ", got " + got);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(cases > 150, "cases " + cases);
    }

    @Test
    void secureByDefaultEverythingButMetricsAndHealthyNeedsCredentials() throws Exception {
        HttpConfig defaults = WebFixture.http(Map.of());
        try (WebFixture web = WebFixture.start(defaults, testRoutes())) {
            for (Map.Entry<String, String> e : PATH.entrySet()) {
                int expected = e.getKey().equals("metrics") ? 200 : 401;
                assertEquals(expected, web.get(e.getValue()).statusCode(), e.getKey());
            }
            assertEquals(200, web.get("/-/healthy").statusCode());
            assertEquals(401, web.get("/monitor").statusCode());
        }
    }

    @Test
    void challengesListEveryAcceptedSchemeDigestFirst() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of("api", List.of("basic", "api_key"),
                "intake", List.of("bearer", "basic"))), testRoutes())) {
            List<String> api = web.get("/t/api").headers().allValues("WWW-Authenticate");
            assertEquals(2, api.size(), api.toString());
            assertTrue(api.get(0).startsWith("Basic ") && api.get(1).startsWith("ApiKey "), api.toString());
            List<String> intake = web.get("/t/intake").headers().allValues("WWW-Authenticate");
            assertTrue(intake.get(0).startsWith("Basic ") && intake.get(1).startsWith("Bearer "), intake.toString());
            List<String> status = web.get("/status").headers().allValues("WWW-Authenticate");
            assertTrue(status.get(0).contains("SHA-256") && status.get(1).contains("MD5")
                    && status.get(2).startsWith("Basic "), status.toString());
        }
    }

    @Test
    void demoTakesDemoDemoByBasicAndDigestWherever() throws Exception {
        HttpConfig demo = ConfigLoader.demo(5038, "127.0.0.1", 0).http();
        try (WebFixture web = new WebFixture(demo, testRoutes(), null)) {
            for (Map.Entry<String, String> e : PATH.entrySet()) {
                String path = e.getValue();
                if (e.getKey().equals("metrics")) {
                    assertEquals(200, web.get(path).statusCode());
                    continue;
                }
                assertEquals(401, web.get(path).statusCode(), path);
                assertEquals(200, web.get(path, "Authorization", WebFixture.basic("demo", "demo")).statusCode(), path);
                boolean digest = ALLOWED.get(e.getKey()).contains("digest");
                HttpResponse<String> first = web.get(path);
                Map<String, String> c = WebFixture.challenge(first, "MD5");
                assertEquals(digest, c != null, path);
                if (digest) {
                    assertEquals(200, web.get(path, "Authorization", WebFixture.digest("MD5", "demo", "demo",
                            c.get("realm"), c.get("nonce"), c.get("opaque"), "GET", path, 1, "x")).statusCode(), path);
                }
            }
        }
    }

    @Test
    void prefixMatchingDoesNotLeakAndUnknownPathsAre404() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of()), testRoutes())) {
            String auth = WebFixture.basic(WebFixture.USER, WebFixture.PASS);
            for (String p : List.of("/statusX", "/status/", "/status/x", "/metricsX", "/metrics/", "/healthX",
                    "/monitorX", "/monitor/", "/monitor/nope", "/zabbix/pbx/", "/zabbix/pbx", "/zabbix/pbxX/a",
                    "/-/healthyX", "/", "/nope", "/status/../metrics", "/t/api/x")) {
                HttpResponse<String> r = web.get(p, "Authorization", auth);
                assertEquals(404, r.statusCode(), p);
                assertTrue(r.body().contains("\"result\" : \"error\""), r.body());
            }
            assertEquals(200, web.get("/zabbix/pbx/main/x", "Authorization", auth).statusCode());
            assertEquals(401, web.get("/zabbix/pbx/main").statusCode(), "prefix routes keep their group");
        }
    }
}
