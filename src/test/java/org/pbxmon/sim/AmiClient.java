package org.pbxmon.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Minimal plain-socket AMI client for the tests: raw lines in, whole messages out. */
final class AmiClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final String banner;

    AmiClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(3000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        banner = readLine();
    }

    static AmiClient loggedIn(int port, String events) throws IOException {
        AmiClient c = new AmiClient(port);
        List<String> lines = new ArrayList<>(List.of("Action: Login", "ActionID: login-1", "Username: monitor",
                "Secret: monitor-secret"));
        if (events != null) {
            lines.add("Events: " + events);
        }
        c.sendLines(lines.toArray(new String[0]));
        Map<String, String> r = c.read();
        if (!"Success".equals(r.get("Response"))) {
            throw new IOException("login failed: " + r);
        }
        return c;
    }

    void sendLines(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void action(String action, String actionId, String... extra) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Action: " + action);
        if (actionId != null) {
            lines.add("ActionID: " + actionId);
        }
        lines.addAll(List.of(extra));
        sendLines(lines.toArray(new String[0]));
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        throw new IOException("EOF");
    }

    /** Reads one message (headers up to the blank line), keys as sent. */
    Map<String, String> read() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                if (m.isEmpty()) {
                    continue;
                }
                return m;
            }
            int c = line.indexOf(':');
            if (c > 0) {
                m.putIfAbsent(line.substring(0, c), line.substring(c + 1).trim());
            }
        }
    }

    /** Reads messages until one matches, returning all read (the match last). */
    List<Map<String, String>> readUntil(Predicate<Map<String, String>> p) throws IOException {
        List<Map<String, String>> all = new ArrayList<>();
        while (true) {
            Map<String, String> m = read();
            all.add(m);
            if (p.test(m)) {
                return all;
            }
        }
    }

    /** Reads a list response: the Success/start response, the events, and the Complete event. */
    List<Map<String, String>> list(String action, String actionId, String... extra) throws IOException {
        action(action, actionId, extra);
        return readUntil(m -> "Complete".equals(m.get("EventList")) || "Error".equals(m.get("Response")));
    }

    /** Reads raw text until the given marker has been seen (or the timeout hits). */
    String readRawUntil(String marker, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            while (sb.indexOf(marker) < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            // return what we have
        } finally {
            socket.setSoTimeout(3000);
        }
        return sb.toString();
    }

    /** True when nothing arrives within the time (the connection stays open). */
    boolean silentFor(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF while expecting silence");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(3000);
        }
    }

    /** True when the server closed the connection (EOF or reset) within the time. */
    boolean closedWithin(int ms) {
        try {
            socket.setSoTimeout(ms);
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
