package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.HttpLimits;

/** Body limits (413) and overload shedding (503), in process. Slow clients: WebLimitsIT. */
class LimitsTest {
    private static final String AUTH = WebFixture.basic(WebFixture.USER, WebFixture.PASS);

    /** Reads the whole body and answers its size. */
    private static final HttpHandler ECHO_SIZE = ex -> {
        byte[] b = ex.getRequestBody().readAllBytes();
        Responses.json(ex, 200, Responses.JSON.createObjectNode().put("size", b.length));
    };

    private static List<Route> routes() {
        return List.of(new Route("/t/intake", "intake", ECHO_SIZE), new Route("/t/api", "api", ECHO_SIZE),
                new Route("/t/panel", "panel", ECHO_SIZE));
    }

    @Test
    void oversizeBodyIs413PerGroupLimit() throws Exception {
        HttpLimits limits = new HttpLimits(2, 8, 100, 1000, 500);
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(), limits, null), routes())) {
            assertEquals(200, web.send("POST", "/t/intake", "x".repeat(1000), "Authorization", AUTH).statusCode());
            HttpResponse<String> big = web.send("POST", "/t/intake", "x".repeat(1001), "Authorization", AUTH);
            assertEquals(413, big.statusCode());
            assertTrue(big.body().contains("larger than 1000 bytes"), big.body());
            assertEquals(200, web.send("POST", "/t/api", "x".repeat(500), "Authorization", AUTH).statusCode());
            assertEquals(413, web.send("POST", "/t/api", "x".repeat(501), "Authorization", AUTH).statusCode());
            assertEquals(413, web.send("POST", "/t/panel", "x".repeat(101), "Authorization", AUTH).statusCode());
            assertEquals(413, web.send("POST", "/monitor/reload", "x".repeat(101), "Authorization", AUTH).statusCode());
            assertEquals(401, web.send("POST", "/t/intake", "x".repeat(5000)).statusCode(), "auth comes first");
        }
    }

    @Test
    void oversizeChunkedBodyIs413() throws Exception {
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(), new HttpLimits(2, 8, 100, 1000, 500), null),
                routes());
                Socket s = new Socket("127.0.0.1", web.port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("POST /t/panel HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 5; i++) {
                req.append("32\r\n").append("y".repeat(50)).append("\r\n");
            }
            req.append("0\r\n\r\n");
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void overloadAnswers503AtOnceInsteadOfQueueing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        HttpHandler block = ex -> {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Responses.json(ex, 200, Responses.JSON.createObjectNode().put("ok", true));
        };
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of("metrics", List.of("none")),
                new HttpLimits(1, 1, 100, 100, 100), null), List.of(new Route("/t/block", "metrics", block)))) {
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> web.get("/t/block"));
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(() -> web.get("/t/block"));
            Thread.sleep(300);
            List<Integer> shed = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = web.get("/metrics");
                shed.add(r.statusCode());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(503, 503, 503), shed);
            assertTrue(ms < 2000, "503 took " + ms + " ms");
            release.countDown();
            assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, web.get("/metrics").statusCode(), "serves again");
        }
    }

    @Test
    void limitedInputStopsAtTheLimit() throws Exception {
        InputStream in = new Router.LimitedInput(new java.io.ByteArrayInputStream(new byte[11]), 10);
        try {
            in.readAllBytes();
            throw new AssertionError("no limit");
        } catch (Router.BodyTooLarge expected) {
            // the 11th byte is refused
        }
        assertEquals(10, new Router.LimitedInput(new java.io.ByteArrayInputStream(new byte[10]), 10)
                .readAllBytes().length);
    }
}
