package org.pbxmon.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** One AMI client connection: a reader thread parsing actions plus a {@link SessionWriter}. */
final class AmiSession implements Runnable {
    private static final int MAX_LINE = 1 << 20;

    final AmiSimulator sim;
    final Socket socket;
    final SessionWriter writer;
    final String sessionId;
    private final Thread reader;
    private volatile boolean loggedIn;
    private volatile boolean closed;
    /** Event classes wanted; null = all, empty = none. */
    private volatile Set<String> eventMask;
    private volatile List<Pattern> includeFilters = List.of();
    private volatile List<Pattern> excludeFilters = List.of();
    String challenge;

    AmiSession(AmiSimulator sim, Socket socket, int n) throws IOException {
        this.sim = sim;
        this.socket = socket;
        this.sessionId = String.format("0x7f%010x", (long) (Math.random() * 0xffffffffffL));
        String base = "ami-sim-" + socket.getLocalPort() + "-s" + n;
        this.writer = new SessionWriter(socket.getOutputStream(), sim::isStalled, this::close, base + "-writer");
        this.reader = new Thread(this, base + "-reader");
        this.reader.setDaemon(true);
    }

    void start() {
        writer.start();
        reader.start();
    }

    boolean isLoggedIn() {
        return loggedIn && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    void markLoggedIn(String eventsHeader) {
        eventMask = parseMask(eventsHeader);
        loggedIn = true;
    }

    /** Applies an Events / EventMask value; returns true when events are now on. */
    boolean setEventMask(String value) {
        eventMask = parseMask(value);
        return eventMask == null || !eventMask.isEmpty();
    }

    boolean eventsOn() {
        Set<String> m = eventMask;
        return m == null || !m.isEmpty();
    }

    static Set<String> parseMask(String v) {
        if (v == null) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("on") || s.equals("yes") || s.equals("true") || s.equals("all")) {
            return null;
        }
        if (s.isEmpty() || s.equals("off") || s.equals("no") || s.equals("false") || s.equals("none")) {
            return Set.of();
        }
        java.util.HashSet<String> set = new java.util.HashSet<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                set.add(part.trim());
            }
        }
        return set.contains("all") ? null : set;
    }

    /** Adds a Filter: "!regex" excludes, "regex" includes (whitelist), matched against the event text. */
    void addFilter(Pattern p, boolean exclude) {
        if (exclude) {
            List<Pattern> l = new ArrayList<>(excludeFilters);
            l.add(p);
            excludeFilters = List.copyOf(l);
        } else {
            List<Pattern> l = new ArrayList<>(includeFilters);
            l.add(p);
            includeFilters = List.copyOf(l);
        }
    }

    boolean hasFilters() {
        return !includeFilters.isEmpty() || !excludeFilters.isEmpty() || eventMask != null;
    }

    /** Whether this session should receive the event (login state, Events mask and Filter rules). */
    boolean wants(Ev ev) {
        if (!isLoggedIn()) {
            return false;
        }
        Set<String> mask = eventMask;
        if (mask != null) {
            if (mask.isEmpty()) {
                return false;
            }
            boolean any = false;
            for (String cls : ev.privilege.split(",")) {
                if (!cls.equals("all") && mask.contains(cls)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        List<Pattern> inc = includeFilters;
        if (!inc.isEmpty()) {
            boolean hit = false;
            for (Pattern p : inc) {
                if (p.matcher(ev.text).find()) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                return false;
            }
        }
        for (Pattern p : excludeFilters) {
            if (p.matcher(ev.text).find()) {
                return false;
            }
        }
        return true;
    }

    void send(String text) {
        writer.enqueue(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendAndClose(String text) {
        writer.enqueueAndClose(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void run() {
        try {
            while (sim.isStalled() && !closed) {
                Thread.sleep(20);
            }
            if (closed) {
                return;
            }
            writer.enqueue(Ami.BANNER.getBytes(StandardCharsets.UTF_8));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            ActionHandler handler = new ActionHandler(this);
            while (!closed) {
                Map<String, String> msg = readMessage(in);
                if (msg == null) {
                    break;
                }
                if (msg.isEmpty() || sim.isStalled()) {
                    continue;
                }
                handler.handle(msg);
            }
        } catch (IOException e) {
            // connection gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Reads "Key: Value" lines up to an empty line; keys lower-cased, first occurrence wins. */
    private static Map<String, String> readMessage(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).stripLeading(); // like astman_get_header
            headers.putIfAbsent(key, value);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length;
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (buf.size() < MAX_LINE) {
                buf.write(b);
            }
        }
        return null;
    }

    /** Orderly close (also used on errors): socket, writer, and removal from the simulator. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        loggedIn = false;
        writer.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        sim.sessionClosed(this);
    }

    /** Abrupt close: TCP reset, no goodbye. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }
}
