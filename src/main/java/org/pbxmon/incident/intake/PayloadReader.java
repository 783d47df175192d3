package org.pbxmon.incident.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.intake.AlertmanagerPayload.Malformed;
import org.pbxmon.incident.intake.AlertmanagerPayload.Malformed.Kind;

/**
 * The strict reading behind {@link AlertmanagerPayload#parse(byte[])}: UTF-8 bytes to a Jackson tree
 * (duplicate keys, trailing data, NaN and deep nesting refused by the parser), then one walk that
 * checks every field and builds the alerts. Everything is checked before anything is returned.
 */
final class PayloadReader {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(AlertmanagerPayload.MAX_DEPTH)
                    .maxNumberLength(64)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_SHOWN = 200;

    private PayloadReader() {
    }

    static AlertmanagerPayload read(byte[] body) throws Malformed {
        JsonNode root = tree(decode(body));
        if (root == null || root.isMissingNode()) {
            throw new Malformed(Kind.SYNTAX, "body", "empty");
        }
        if (!root.isObject()) {
            throw invalid("body", "not a JSON object");
        }
        String version = string(root, "version", "version");
        if (version != null && !version.equals("4")) {
            throw invalid("version", "unsupported version " + quote(version) + " (only \"4\" is known)");
        }
        String status = string(root, "status", "status");
        if (status != null && !status.equals(Alert.FIRING) && !status.equals(Alert.RESOLVED)) {
            throw invalid("status", "not firing or resolved: " + quote(status));
        }
        String receiver = string(root, "receiver", "receiver");
        String groupKey = string(root, "groupKey", "groupKey");
        String externalUrl = string(root, "externalURL", "externalURL");
        long truncated = truncatedAlerts(root.get("truncatedAlerts"));
        for (String key : List.of("groupLabels", "commonLabels", "commonAnnotations")) {
            JsonNode n = root.get(key);
            if (n != null && !n.isNull()) {
                pairs(n, key, key.equals("commonAnnotations") ? AlertmanagerPayload.MAX_ANNOTATION_VALUE_BYTES
                        : AlertmanagerPayload.MAX_LABEL_VALUE_BYTES);
            }
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw invalid("alerts", "missing");
        }
        if (!alerts.isArray()) {
            throw invalid("alerts", "not an array");
        }
        if (alerts.size() > AlertmanagerPayload.MAX_ALERTS) {
            throw limit("alerts", alerts.size() + " alerts, at most " + AlertmanagerPayload.MAX_ALERTS);
        }
        List<Alert> out = new ArrayList<>(alerts.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alert(alerts.get(i), "alerts[" + i + "]");
            Integer before = seen.putIfAbsent(a.fingerprint(), i);
            if (before != null) {
                throw invalid("alerts[" + i + "].fingerprint", "the same as alerts[" + before + "]'s: "
                        + "a notification names each alert once");
            }
            out.add(a);
        }
        return new AlertmanagerPayload(version == null ? "" : version, receiver == null ? "" : receiver,
                status == null ? "" : status, groupKey == null ? "" : groupKey, truncated,
                externalUrl == null ? "" : externalUrl, out);
    }

    private static Alert alert(JsonNode n, String path) throws Malformed {
        if (!n.isObject()) {
            throw invalid(path, "not an object");
        }
        String status = string(n, "status", path + ".status");
        if (status == null) {
            throw invalid(path + ".status", "missing");
        }
        if (!status.equals(Alert.FIRING) && !status.equals(Alert.RESOLVED)) {
            throw invalid(path + ".status", "not firing or resolved: " + quote(status));
        }
        JsonNode labelNode = n.get("labels");
        if (labelNode == null || labelNode.isNull()) {
            throw invalid(path + ".labels", "missing");
        }
        Map<String, String> labels = pairs(labelNode, path + ".labels", AlertmanagerPayload.MAX_LABEL_VALUE_BYTES);
        if (labels.isEmpty()) {
            throw invalid(path + ".labels", "empty");
        }
        String alertname = labels.get("alertname");
        if (alertname == null || alertname.isEmpty()) {
            throw invalid(path + ".labels", "no alertname");
        }
        JsonNode annotationNode = n.get("annotations");
        Map<String, String> annotations = annotationNode == null || annotationNode.isNull() ? Map.of()
                : pairs(annotationNode, path + ".annotations", AlertmanagerPayload.MAX_ANNOTATION_VALUE_BYTES);
        String startsText = string(n, "startsAt", path + ".startsAt");
        if (startsText == null) {
            throw invalid(path + ".startsAt", "missing");
        }
        Long startsAt = Rfc3339.epochMillis(startsText);
        if (startsAt == null) {
            throw invalid(path + ".startsAt", "not an RFC 3339 time: " + quote(startsText));
        }
        if (Rfc3339.isGoZero(startsText)) {
            throw invalid(path + ".startsAt", "the zero time: an alert has a start");
        }
        String endsText = string(n, "endsAt", path + ".endsAt");
        Long endsAt = null;
        if (endsText != null && !Rfc3339.isGoZero(endsText)) {
            endsAt = Rfc3339.epochMillis(endsText);
            if (endsAt == null) {
                throw invalid(path + ".endsAt", "not an RFC 3339 time: " + quote(endsText));
            }
            if (endsAt < startsAt) {
                throw invalid(path + ".endsAt", "before startsAt");
            }
        }
        String generatorUrl = string(n, "generatorURL", path + ".generatorURL");
        String fingerprint = string(n, "fingerprint", path + ".fingerprint");
        if (fingerprint == null) {
            fingerprint = Fingerprints.of(labels);
        } else if (fingerprint.isEmpty()) {
            throw invalid(path + ".fingerprint", "empty");
        } else if (fingerprint.length() > AlertmanagerPayload.MAX_FINGERPRINT) {
            throw limit(path + ".fingerprint", fingerprint.length() + " characters, at most "
                    + AlertmanagerPayload.MAX_FINGERPRINT);
        } else if (!HEX.matcher(fingerprint).matches()) {
            throw invalid(path + ".fingerprint", "not hexadecimal: " + quote(fingerprint));
        }
        return new Alert(fingerprint.toLowerCase(Locale.ROOT), status, labels, annotations, startsAt, endsAt,
                generatorUrl);
    }

    /** An object of string values, each name and value checked; in payload order. */
    private static Map<String, String> pairs(JsonNode n, String path, int maxValueBytes) throws Malformed {
        if (!n.isObject()) {
            throw invalid(path, "not an object");
        }
        if (n.size() > AlertmanagerPayload.MAX_PAIRS) {
            throw limit(path, n.size() + " entries, at most " + AlertmanagerPayload.MAX_PAIRS);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String name = e.getKey();
            if (name.isEmpty()) {
                throw invalid(path, "an empty name");
            }
            text(name, path, "a name", AlertmanagerPayload.MAX_NAME_BYTES);
            String p = path + segment(name);
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                throw invalid(p, "not a string (" + type(v) + ")");
            }
            text(v.textValue(), p, "the value", maxValueBytes);
            out.put(name, v.textValue());
        }
        return out;
    }

    /** Refuses a NUL, a lone surrogate, or more than {@code maxBytes} of UTF-8. */
    private static void text(String s, String path, String what, int maxBytes) throws Malformed {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw invalid(path, what + " contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(path, what + " is not valid Unicode (a lone surrogate)");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > maxBytes) {
            throw limit(path, what + " has " + bytes + " bytes, at most " + maxBytes);
        }
    }

    /** The string at {@code key}, null when absent or JSON null; a non-string is refused. */
    private static String string(JsonNode parent, String key, String path) throws Malformed {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid(path, "not a string (" + type(n) + ")");
        }
        return n.textValue();
    }

    private static long truncatedAlerts(JsonNode n) throws Malformed {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw invalid("truncatedAlerts", "not a non-negative integer (" + type(n) + ")");
        }
        return n.longValue();
    }

    /** Strict UTF-8 (a leading UTF-8 byte order mark is skipped), with the offset of the first bad byte. */
    private static String decode(byte[] body) throws Malformed {
        int start = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            start = 3;
        }
        if (body.length - start >= 2 && (((body[start] & 0xff) == 0xfe && (body[start + 1] & 0xff) == 0xff)
                || ((body[start] & 0xff) == 0xff && (body[start + 1] & 0xff) == 0xfe)
                || body[start] == 0 || body[start + 1] == 0)) {
            throw new Malformed(Kind.SYNTAX, "body", "not UTF-8 (UTF-16 or UTF-32?): send UTF-8 JSON");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, start, body.length - start);
        CharBuffer out = CharBuffer.allocate(body.length - start);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw new Malformed(Kind.SYNTAX, "body", "not valid UTF-8 at byte " + in.position());
        }
        return out.flip().toString();
    }

    private static JsonNode tree(String text) throws Malformed {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String path = "body";
            if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
                path = path(p.getParsingContext().pathAsPointer());
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            Kind kind = e instanceof StreamConstraintsException ? Kind.LIMIT : Kind.SYNTAX;
            throw new Malformed(kind, path, "invalid JSON" + where + ": " + shorten(e.getOriginalMessage()));
        }
    }

    /** {@code /alerts/0/labels/job} → {@code alerts[0].labels.job}; the root → {@code body}. */
    static String path(JsonPointer pointer) {
        StringBuilder s = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement() && s.length() > 0) {
                s.append('[').append(p.getMatchingIndex()).append(']');
            } else if (s.length() == 0) {
                s.append(p.getMatchingProperty());
            } else {
                s.append(segment(p.getMatchingProperty()));
            }
        }
        return s.length() == 0 ? "body" : s.toString();
    }

    /** {@code .job}, or {@code ["a name"]} for a name that is not a plain identifier. */
    private static String segment(String name) {
        return PLAIN_NAME.matcher(name).matches() && name.length() <= 64 ? "." + name : "[" + quote(name) + "]";
    }

    private static String type(JsonNode n) {
        return switch (n.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** JSON-quoted and cut to a readable length. */
    private static String quote(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : cut.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String shorten(String s) {
        if (s == null) {
            return "?";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > MAX_SHOWN ? one.substring(0, MAX_SHOWN) + "..." : one;
    }

    private static Malformed invalid(String path, String problem) {
        return new Malformed(Kind.INVALID, path, problem);
    }

    private static Malformed limit(String path, String problem) {
        return new Malformed(Kind.LIMIT, path, problem);
    }
}
