package org.pbxmon.source.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pbxmon.source.probe.Fixtures.ok;
import static org.pbxmon.source.probe.Fixtures.parse;
import static org.pbxmon.source.probe.Fixtures.value;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;

/** The Itgrix profile on the seed's literal /status example. */
class ItgrixProfileTest {
    /** 2025-04-01 12:00 UTC: two weeks and a bit before the seed's valid_till 2025-04-15. */
    private static final long NOW = Instant.parse("2025-04-01T12:00:00Z").toEpochMilli();

    static ProbeConfig config(String license) {
        return Fixtures.probe("""
                  - name: itgrix
                    profile: itgrix
                    url: http://127.0.0.1:8077
                    auth: {type: digest, username: admin, password: "${PW}"}
                %s""".formatted(license));
    }

    private static Reading seed(ProbeConfig c, String from, String to) {
        String body = Fixtures.text("itgrix-status.json").replace(from, to);
        return parse(c, NOW, ok(ItgrixProfile.STATUS, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void requestsStatusUnderABareHost() {
        assertEquals(List.of(new Profile.Request("status", "/status", false)),
                new ItgrixProfile().requests(config(""), NOW));
        ProbeConfig explicit = Fixtures.probe("  - {name: i, profile: itgrix, url: \"http://h:8077/status?x=1\"}\n");
        assertEquals(List.of(new Profile.Request("status", "", false)), new ItgrixProfile().requests(explicit, NOW));
    }

    @Test
    void seedPayload() {
        Reading r = parse(config(""), NOW, ok(ItgrixProfile.STATUS, Fixtures.payload("itgrix-status.json")));
        assertEquals(List.of(), r.problems);
        assertTrue(r.up);
        assertEquals("Itgrix_bx v3.10.12", r.version);
        ProbeStatus.License l = r.license;
        assertEquals("Professional", l.type());
        assertEquals("2025-04-15", l.validTill());
        // the connector writes +05:00 in app_status_updated: its day ends at 19:00 UTC
        assertEquals(Instant.parse("2025-04-15T19:00:00Z").getEpochSecond(), l.expiryEpochSeconds());
        assertEquals(14, l.daysRemaining());
        assertFalse(l.expiringSoon(), "14 days and 7 hours left");
        assertFalse(l.downgraded());
        assertEquals(Boolean.FALSE, l.offline());
        assertEquals("ready", l.softMode());
        assertEquals(new ProbeStatus.Connector("", "Ok", "<nil>"), r.connector);
        assertEquals(1.0, value(r, "connector_ami_logged_in"));
        assertEquals(1.0, value(r, "connector_db_connected"));
        assertEquals(0.0, value(r, "connector_cel_queue_calls"));
        assertEquals(0.0, value(r, "connector_cel_queue_pending_events"));
        assertEquals(713065.0, value(r, "connector_cel_last_id"));
        assertEquals(120.0, value(r, "connector_crm_users"));
        assertEquals(39.0, value(r, "connector_crm_phones"));
    }

    @Test
    void configuredTimeZoneWins() {
        Reading r = parse(config("    license: {timezone: America/New_York, warn_days: 30}\n"), NOW,
                ok(ItgrixProfile.STATUS, Fixtures.payload("itgrix-status.json")));
        assertEquals(Instant.parse("2025-04-16T04:00:00Z").getEpochSecond(), r.license.expiryEpochSeconds());
        assertEquals(14, r.license.daysRemaining());
        assertTrue(r.license.expiringSoon());
    }

    @Test
    void withoutAnyOffsetTheDayEndsInUtc() {
        Reading r = seed(config(""), "+05:00", "");
        assertEquals(Instant.parse("2025-04-16T00:00:00Z").getEpochSecond(), r.license.expiryEpochSeconds());
    }

    @Test
    void silentDropToFreeIsADowngrade() {
        ProbeConfig c = config("    license: {expected_type: Professional}\n");
        assertFalse(seed(c, "\"Professional\"", "\"Professional\"").license.downgraded());
        Reading r = seed(c, "\"type\": \"Professional\"", "\"type\": \"Free\"");
        assertTrue(r.license.downgraded());
        assertEquals("Free", r.license.type());
        assertEquals("Professional", r.license.expectedType());
        assertTrue(seed(c, "\"type\": \"Professional\"", "\"type\": \"Subscription\"").license.downgraded());
    }

    @Test
    void expiredLicense() {
        Reading r = seed(config(""), "2025-04-15", "2025-03-01");
        assertEquals(-31, r.license.daysRemaining());
        assertTrue(r.license.expiringSoon());
    }

    @Test
    void dateInTheWrongFormat() {
        Reading r = seed(config(""), "2025-04-15", "02025-04-15");
        assertEquals(List.of("bad_value: /status: app.license_manager.currentLicense.valid_till is \"02025-04-15\""
                + " (expected YYYY-MM-DD)"), r.problems.stream().map(Object::toString).toList());
        assertTrue(r.up, "a bad field does not make the connector down");
        assertEquals("Professional", r.license.type());
        assertNull(r.license.expiryEpochSeconds());
        assertNull(r.license.daysRemaining());
        assertEquals(List.of("bad_value"), Fixtures.reasons(seed(config(""), "2025-04-15", "15.04.2025")));
    }

    @Test
    void missingFields() {
        Reading r = seed(config(""), "\"valid_till\": \"2025-04-15\"", "\"valid_until\": \"2025-04-15\"");
        assertEquals(List.of("missing_field: /status: missing field app.license_manager.currentLicense.valid_till"),
                r.problems.stream().map(Object::toString).toList());
        assertEquals("", r.license.validTill());
        Reading noAmi = seed(config(""), "\"logged_in\": true", "\"logged_out\": true");
        assertEquals(List.of("missing_field"), Fixtures.reasons(noAmi));
        assertNull(value(noAmi, "connector_ami_logged_in"));
        assertEquals(1.0, value(noAmi, "connector_db_connected"), "the other fields are still read");
    }

    @Test
    void unexpectedStatusValue() {
        Reading r = seed(config(""), "\"app_status\": \"Ok\"", "\"app_status\": \"Fine\"");
        assertEquals(List.of("bad_value"), Fixtures.reasons(r));
        assertEquals("Fine", r.connector.status());
    }

    @Test
    void badAnswers() {
        ProbeConfig c = config("");
        Reading html = parse(c, NOW, ok("status", "<html><body>Login</body></html>".getBytes(StandardCharsets.UTF_8)));
        assertFalse(html.up);
        assertEquals(List.of("not_json: /status: body is not JSON (HTTP 200, starts with \"<html><body>Login</body></html>\")"),
                html.problems.stream().map(Object::toString).toList());
        Reading auth = parse(c, NOW, Fixtures.status("status", 401, new byte[0]));
        assertEquals(List.of("auth: /status: HTTP 401 (check the probe's auth settings)"),
                auth.problems.stream().map(Object::toString).toList());
        assertEquals(List.of("http_status"), Fixtures.reasons(parse(c, NOW,
                Fixtures.status("status", 500, Fixtures.payload("itgrix-status.json")))));
        assertEquals(List.of("not_json"), Fixtures.reasons(parse(c, NOW, ok("status", new byte[0]))));
        assertEquals(List.of("too_large"), Fixtures.reasons(parse(c, NOW,
                Profile.Answer.failed("status", "too_large", "body is larger"))));
        assertNull(html.license);
    }
}
