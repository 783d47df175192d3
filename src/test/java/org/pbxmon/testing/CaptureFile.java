package org.pbxmon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One recorded AMI session of the shared fixtures: {@code NAME.txt} (or {@code NAME.txt.gz}) holds the
 * bytes Asterisk sent, {@code NAME.client.txt} the bytes the client sent. {@link #replies()} gives, for
 * every action other than Login, Challenge and Logoff, the exact bytes Asterisk sent in reply: from its
 * first message carrying that action's ActionID up to (not including) the first message that belongs to
 * a later action, or the Logoff's {@code Response: Goodbye}.
 */
final class CaptureFile {
    private static final byte[] BLANK = {'\r', '\n', '\r', '\n'};

    /** One action of the client side and the reply bytes of the server side. */
    record Reply(String action, Map<String, String> request, byte[] bytes) {
        /** The request's header, key lower-case. */
        String header(String key) {
            return request.get(key.toLowerCase(Locale.ROOT));
        }

        boolean isError() {
            return startsWith(bytes, "Response: Error\r\n");
        }
    }

    private CaptureFile() {
    }

    static List<Reply> replies(Path dir, String name) {
        Path server = serverFile(dir, name);
        Path client = dir.resolve(name + ".client.txt");
        if (!Files.exists(client)) {
            throw new IllegalArgumentException("no client side for capture " + name + " in " + dir);
        }
        List<Map<String, String>> requests = requests(read(client));
        List<byte[]> messages = messages(read(server));
        List<Reply> out = new ArrayList<>();
        int from = 0;
        for (int k = 0; k < requests.size(); k++) {
            Map<String, String> req = requests.get(k);
            String action = req.getOrDefault("action", "");
            int start = indexOfId(messages, req.get("actionid"), from);
            if (start < 0) {
                start = from;
            }
            int end = start;
            while (end < messages.size() && !belongsToLater(messages.get(end), requests, k)) {
                end++;
            }
            if (!isSessionAction(action)) {
                out.add(new Reply(action, req, concat(messages.subList(start, end))));
            }
            from = Math.max(from, end);
        }
        return out;
    }

    /** NAME.txt, else NAME.txt.gz. */
    static Path serverFile(Path dir, String name) {
        Path plain = dir.resolve(name + ".txt");
        if (Files.exists(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".txt.gz");
        if (Files.exists(gz)) {
            return gz;
        }
        throw new IllegalArgumentException("no capture " + name + ".txt(.gz) in " + dir);
    }

    /** The file's bytes, gunzipped when it ends in .gz. */
    static byte[] read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isSessionAction(String action) {
        return action.equalsIgnoreCase("Login") || action.equalsIgnoreCase("Logoff")
                || action.equalsIgnoreCase("Challenge");
    }

    /** A server message that answers a later request (its ActionID), or the Goodbye of a Logoff. */
    private static boolean belongsToLater(byte[] message, List<Map<String, String>> requests, int k) {
        if (startsWith(message, "Response: Goodbye\r\n")) {
            return true;
        }
        String id = actionIdOf(message);
        if (id == null) {
            return false;
        }
        for (int j = k + 1; j < requests.size(); j++) {
            if (id.equals(requests.get(j).get("actionid"))) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfId(List<byte[]> messages, String id, int from) {
        if (id == null) {
            return -1;
        }
        for (int i = from; i < messages.size(); i++) {
            if (id.equals(actionIdOf(messages.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static String actionIdOf(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int at = text.startsWith("ActionID:") ? 0 : text.indexOf("\nActionID:");
        if (at < 0) {
            return null;
        }
        int v = text.indexOf(':', at) + 1;
        int eol = text.indexOf('\n', v);
        return text.substring(v, eol < 0 ? text.length() : eol).strip();
    }

    /** The messages after the banner line, each with its terminating blank line. */
    static List<byte[]> messages(byte[] data) {
        int pos = 0;
        if (startsWith(data, "Asterisk Call Manager/")) {
            while (pos < data.length && data[pos] != '\n') {
                pos++;
            }
            pos++;
        }
        List<byte[]> out = new ArrayList<>();
        while (pos < data.length) {
            int end = indexOf(data, BLANK, pos);
            int next = end < 0 ? data.length : end + BLANK.length;
            out.add(Arrays.copyOfRange(data, pos, next));
            pos = next;
        }
        return out;
    }

    /** Client messages as header maps (keys lower-case, first occurrence wins, values as sent). */
    static List<Map<String, String>> requests(byte[] data) {
        List<Map<String, String>> out = new ArrayList<>();
        for (byte[] m : messages(data)) {
            Map<String, String> h = new LinkedHashMap<>();
            for (String line : new String(m, StandardCharsets.ISO_8859_1).split("\r?\n")) {
                int c = line.indexOf(':');
                if (c > 0) {
                    h.putIfAbsent(line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 1).strip());
                }
            }
            if (!h.isEmpty()) {
                out.add(h);
            }
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static boolean startsWith(byte[] a, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }

    private static int indexOf(byte[] a, byte[] needle, int from) {
        outer:
        for (int i = from; i <= a.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
