package org.pbxmon.source.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pbxmon.model.ProbeStatus;

/**
 * What one run found: values, and every problem with its reason. Filled by a {@link Profile}'s parse
 * step; the JSON helpers record a problem instead of throwing, so one bad field never hides the
 * others. Not thread-safe: one per run.
 */
final class Reading {
    /** Strict JSON, except single-quoted strings: Webim answers {@code {'result': 'ok'}}. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int EXCERPT = 32;

    /** A problem of this run. */
    record Problem(String reason, String message) {
        @Override
        public String toString() {
            return reason + ": " + message;
        }
    }

    boolean up;
    String version = "";
    ProbeStatus.License license;
    ProbeStatus.Connector connector;
    String instanceId;
    Double startEpochSeconds;
    Boolean storingEnabled;
    final List<Problem> problems = new ArrayList<>();
    final List<ProbeStatus.Sample> samples = new ArrayList<>();
    private final Set<String> series = new HashSet<>();

    void problem(String reason, String message) {
        problems.add(new Problem(reason, message));
    }

    /** A built-in gauge; labels are name, value pairs. */
    void gauge(String name, double value, String... labels) {
        sample(new ProbeStatus.Sample(name, false, false, "", List.of(labels), value));
    }

    /** Adds a sample unless the same name and labels were already given (first one wins). */
    boolean sample(ProbeStatus.Sample s) {
        if (!series.add(s.name() + '\u0000' + String.join("\u0000", s.labels()))) {
            problem("bad_value", s.name() + " " + s.labels() + " appears twice; the first value is kept");
            return false;
        }
        samples.add(s);
        return true;
    }

    /** Whether one request of a multi-request profile answered as expected ({@code check_success}). */
    void check(String key, boolean ok) {
        gauge("check_success", ok ? 1 : 0, "check", key);
    }

    /**
     * The JSON document of an answer with a 2xx status, or null after recording why there is none:
     * the request failed, the status was not 2xx (401 and 403 are {@code auth}), or the body is not JSON.
     */
    JsonNode document(Profile.Answer a, String what) {
        if (!arrived(a, what)) {
            return null;
        }
        if (a.status() < 200 || a.status() > 299) {
            httpStatus(a, what);
            return null;
        }
        return json(a, what);
    }

    /** The body as JSON whatever the status, or null after recording a failure or a non-JSON body. */
    JsonNode json(Profile.Answer a, String what) {
        if (!arrived(a, what)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(a.body());
            if (n == null || n.isMissingNode()) {
                problem("not_json", what + ": empty body (HTTP " + a.status() + ")");
                return null;
            }
            return n;
        } catch (JsonProcessingException e) {
            problem("not_json", what + ": body is not JSON (HTTP " + a.status() + ", starts with " + excerpt(a.body()) + ")");
            return null;
        } catch (IOException e) {
            problem("not_json", what + ": body is not JSON (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** False after recording the failure when no complete response arrived. */
    boolean arrived(Profile.Answer a, String what) {
        if (a == null) {
            problem("io", what + ": not requested");
            return false;
        }
        if (!a.arrived()) {
            problem(a.reason(), what + ": " + a.message());
            return false;
        }
        return true;
    }

    void httpStatus(Profile.Answer a, String what) {
        if (a.status() == 401 || a.status() == 403) {
            problem("auth", what + ": HTTP " + a.status() + " (check the probe's auth settings)");
        } else {
            problem("http_status", what + ": HTTP " + a.status());
        }
    }

    /** The node at a dotted path (numeric parts index arrays), or null after recording a missing field. */
    JsonNode at(JsonNode root, String path, String what) {
        JsonNode n = Json.at(root, path);
        if (n == null || n.isNull()) {
            problem("missing_field", what + ": missing field " + path);
            return null;
        }
        return n;
    }

    String text(JsonNode root, String path, String what) {
        JsonNode n = at(root, path, what);
        if (n == null) {
            return null;
        }
        if (!n.isValueNode()) {
            problem("bad_value", what + ": " + path + " is not a string");
            return null;
        }
        return n.asText();
    }

    Boolean bool(JsonNode root, String path, String what) {
        JsonNode n = at(root, path, what);
        if (n == null) {
            return null;
        }
        Double d = Json.number(n);
        if (d == null) {
            problem("bad_value", what + ": " + path + " is not a boolean, got " + Json.describe(n));
            return null;
        }
        return d != 0;
    }

    Double number(JsonNode root, String path, String what) {
        JsonNode n = at(root, path, what);
        if (n == null) {
            return null;
        }
        Double d = Json.number(n);
        if (d == null) {
            problem("bad_value", what + ": " + path + " is not a number, got " + Json.describe(n));
        }
        return d;
    }

    /** A gauge from a number (or boolean) field; nothing but a problem when it is missing or bad. */
    void gaugeOf(JsonNode root, String path, String what, String name, String... labels) {
        Double d = number(root, path, what);
        if (d != null) {
            gauge(name, d, labels);
        }
    }

    /** The first bytes of a body, printable and quoted, for "not JSON" messages. */
    static String excerpt(byte[] body) {
        if (body.length == 0) {
            return "nothing";
        }
        String s = new String(body, 0, Math.min(body.length, EXCERPT * 4), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(EXCERPT).forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
        return b.append(body.length > EXCERPT ? "...\"" : "\"").toString();
    }
}
