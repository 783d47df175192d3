package org.pbxmon.incident.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.testing.Await;

/** Every request format of the Kaleyra model, and Standard Webhooks signatures, over real loopback HTTP. */
class CallbackFormatsIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Where the H2 stores live. */
    @TempDir
    Path tmp;

    /** Delivers one event to {@code cb} at {@code hook} and returns it with the request seen. */
    private Hook.Seen deliverOne(Hook hook, Fixture.CallbackBuilder cb, StatusEvent[] event) throws Exception {
        try (IncidentStore store = Fixture.newStore(Files.createTempDirectory(tmp, "store"));
                CallbackDispatcher d = Fixture.dispatcher(store, cb.build())) {
            d.start();
            event[0] = Fixture.record(store, 1, "cb").get(0);
            d.wake();
            Await.until(WAIT, hook::ok, 1, "2xx answers");
            Await.until(WAIT, () -> Fixture.outbox(store, "cb").pending(), 0L, "pending rows");
            Await.until(WAIT, () -> d.stats().get("cb").sent(), 1L, "sent");
        }
        assertEquals(1, hook.count());
        return hook.seen().get(0);
    }

    @Test
    void getCarriesTheUrlEncodedJsonInTheQuery() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200))) {
            StatusEvent[] e = new StatusEvent[1];
            long before = System.currentTimeMillis() / 1000;
            Hook.Seen s = deliverOne(hook, Fixture.callback("cb", hook.url("/hook?token=t0k&data={response}")).get(), e);
            assertEquals("GET", s.method());
            assertEquals("/hook", s.path());
            assertEquals("t0k", Hook.Seen.param(s.rawQuery(), "token"));
            assertEquals(e[0].payload(), Hook.Seen.param(s.rawQuery(), "data"));
            assertEquals(0, s.body().length);
            assertEquals(Fixture.USER_AGENT, s.header("User-Agent"));
            assertEquals(e[0].eventId(), s.header("webhook-id"));
            long ts = Long.parseLong(s.header("webhook-timestamp"));
            assertTrue(ts >= before && ts <= before + 600, "timestamp " + ts + " vs " + before);
            assertNull(s.header("webhook-signature"), "no secret, no signature");
        }
    }

    @Test
    void formPostCarriesTheEncodedJsonAsData() throws Exception {
        try (Hook hook = Hook.start(Hook.status(204))) {
            StatusEvent[] e = new StatusEvent[1];
            Hook.Seen s = deliverOne(hook, Fixture.callback("cb", hook.url("/form")), e);
            assertEquals("POST", s.method());
            assertEquals("application/x-www-form-urlencoded", s.header("Content-Type"));
            assertTrue(s.bodyText().startsWith("data="), s.bodyText());
            assertEquals(e[0].payload(), Hook.Seen.param(s.bodyText(), "data"));
        }
    }

    @Test
    void rawJsonIsTheJsonItselfOrWrappedUnencoded() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200))) {
            StatusEvent[] e = new StatusEvent[1];
            Hook.Seen s = deliverOne(hook, Fixture.callback("cb", hook.url("/json")).rawJson(""), e);
            assertEquals("application/json", s.header("Content-Type"));
            assertArrayEquals(e[0].payload().getBytes(StandardCharsets.UTF_8), s.body());
        }
        try (Hook hook = Hook.start(Hook.status(200))) {
            StatusEvent[] e = new StatusEvent[1];
            Hook.Seen s = deliverOne(hook, Fixture.callback("cb", hook.url("/json")).rawJson("{\"src\":\"pbxmon\",\"event\":{response}}"), e);
            assertEquals("application/json", s.header("Content-Type"));
            assertEquals("{\"src\":\"pbxmon\",\"event\":" + e[0].payload() + "}", s.bodyText());
        }
    }

    @Test
    void customHeadersAreSentLiterally() throws Exception {
        try (Hook hook = Hook.start(Hook.status(200))) {
            StatusEvent[] e = new StatusEvent[1];
            Hook.Seen s = deliverOne(hook, Fixture.callback("cb", hook.url("/h")).rawJson("")
                    .header("Authorization", "Bearer abc.def").header("X-Tenant", "{response}"), e);
            assertEquals("Bearer abc.def", s.header("Authorization"));
            assertEquals("{response}", s.header("X-Tenant"));
        }
    }

    /** The receiver's side of Standard Webhooks, written here from the specification. */
    private static String expectedSignature(byte[] key, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
    }

    @Test
    void signaturesVerifyWithBothSecretForms() throws Exception {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7 + 3);
        }
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(raw);
        String plain = "plain text secret ü";
        record Case(String secret, byte[] key, boolean get) {
        }
        for (Case c : List.of(new Case(whsec, raw, false), new Case(plain, plain.getBytes(StandardCharsets.UTF_8), false),
                new Case(whsec, raw, true), new Case(plain, plain.getBytes(StandardCharsets.UTF_8), true))) {
            try (Hook hook = Hook.start(Hook.status(200))) {
                StatusEvent[] e = new StatusEvent[1];
                Fixture.CallbackBuilder cb = c.get()
                        ? Fixture.callback("cb", hook.url("/s?d={response}")).get()
                        : Fixture.callback("cb", hook.url("/s")).rawJson("");
                Hook.Seen s = deliverOne(hook, cb.secret(c.secret()), e);
                String id = s.header("webhook-id");
                String ts = s.header("webhook-timestamp");
                assertEquals(e[0].eventId(), id);
                String expected = expectedSignature(c.key(), id, ts, s.body());
                assertEquals(expected, s.header("webhook-signature"), c.toString());
                assertNotEquals(expectedSignature("other".getBytes(StandardCharsets.UTF_8), id, ts, s.body()),
                        s.header("webhook-signature"));
                assertEquals(c.get(), s.body().length == 0);
            }
        }
    }

    @Test
    void aLargeResponseBodyIsDiscardedAndTheDeliveryCounts() throws Exception {
        try (Hook hook = Hook.start(Hook.big(4 * 1024 * 1024))) {
            StatusEvent[] e = new StatusEvent[1];
            deliverOne(hook, Fixture.callback("cb", hook.url("/big")), e);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (Hook target = Hook.start(Hook.status(200));
                Hook hook = Hook.start(Hook.status(302, "Location", target.url("/moved")));
                IncidentStore store = Fixture.newStore(tmp)) {
            try (CallbackDispatcher d = Fixture.dispatcher(store, Fixture.callback("cb", hook.url("/old")).build())) {
                d.start();
                Fixture.record(store, 1, "cb");
                d.wake();
                Await.until(WAIT, () -> hook.count() >= 3, true, "attempts at the redirecting URL");
                CallbackStats st = d.stats().get("cb");
                assertTrue(st.failures().getOrDefault("http_3xx", 0L) >= 2, st.toString());
                assertEquals(0, st.sent());
                assertTrue(st.failing());
                assertEquals("HTTP 302", st.lastError());
                assertEquals(1L, Fixture.outbox(store, "cb").pending());
            }
            assertEquals(0, target.count());
        }
    }

    @Test
    void statsNameEveryCallbackAndHideTheQuery() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (IncidentStore store = Fixture.newStore(tmp); CallbackDispatcher d = Fixture.dispatcher(store,
                Fixture.callback("down", "http://127.0.0.1:" + closedPort + "/h?token=S3CRET&d={response}").get().build(),
                Fixture.callback("off", "http://127.0.0.1:1/never").inactive().build())) {
            d.start();
            Fixture.record(store, 1, "down");
            d.wake();
            Await.until(WAIT, () -> d.stats().get("down").failures().getOrDefault("connect", 0L) >= 2, true,
                    "connect failures");
            CallbackStats st = d.stats().get("down");
            assertEquals(List.of("down", "off"), List.copyOf(d.stats().keySet()));
            assertEquals("127.0.0.1", st.host());
            assertTrue(st.lastError().startsWith("connect"), st.lastError());
            assertFalse(st.lastError().contains("S3CRET") || st.toString().contains("S3CRET"), st.toString());
            assertFalse(d.stats().get("off").active());
            assertEquals(1L, Fixture.outbox(store, "down").pending(), "a refused connection is retried, not dropped");
        }
    }
}
