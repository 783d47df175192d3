package org.pbxmon.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection of {@link ScriptedAmi}: a reader thread that parses actions and answers them
 * one after the other (as Asterisk does per session), and a {@link SessionOutbox} that writes.
 */
final class ScriptedSession implements Runnable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LINE = 1 << 20;

    private final ScriptedAmi server;
    private final Socket socket;
    private final SessionOutbox outbox;
    private final Thread reader;
    private volatile boolean loggedIn;
    private volatile boolean closed;
    private String challenge;

    ScriptedSession(ScriptedAmi server, Socket socket, int n) throws IOException {
        this.server = server;
        this.socket = socket;
        String base = "scripted-ami-" + socket.getLocalPort() + "-s" + n;
        this.outbox = new SessionOutbox(server, socket.getOutputStream(), this::close, base + "-writer");
        this.reader = new Thread(this, base + "-reader");
        this.reader.setDaemon(true);
    }

    void start() {
        outbox.enqueue(ScriptedAmi.BANNER.getBytes(StandardCharsets.ISO_8859_1));
        outbox.start();
        reader.start();
    }

    boolean isLoggedIn() {
        return loggedIn && !closed;
    }

    /** Queues raw bytes, as they are (used for pushed events and garbage). */
    void push(byte[] raw) {
        outbox.enqueue(raw);
    }

    @Override
    public void run() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            while (!closed) {
                Map<String, String> m = readMessage(in);
                if (m == null) {
                    return;
                }
                if (m.isEmpty()) {
                    continue;
                }
                server.received(m.getOrDefault("action", ""));
                if (!server.isSilent()) {
                    handle(m);
                }
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            close();
        }
    }

    private void handle(Map<String, String> m) {
        String action = m.get("action");
        String id = m.get("actionid");
        if (action == null || action.isEmpty()) {
            send(response("Error", id, "Missing action in request"));
            return;
        }
        switch (action.toLowerCase(Locale.ROOT)) {
            case "challenge" -> challenge(m, id);
            case "login" -> login(m, id);
            case "logoff" -> outbox.enqueueAndClose(bytes(response("Goodbye", id, "Thanks for all the fish.")));
            default -> {
                if (!loggedIn) {
                    send(response("Error", id, "Permission denied"));
                    return;
                }
                pause(server.actionDelay());
                ScriptedAmi.Answer a = server.answer(action, m, id);
                outbox.enqueuePaced(a.bytes(), a.paceNanos());
            }
        }
    }

    private void challenge(Map<String, String> m, String id) {
        String authType = m.get("authtype");
        if (authType == null || !authType.equalsIgnoreCase("MD5")) {
            send(response("Error", id, "Must specify AuthType"));
            return;
        }
        if (challenge == null) {
            challenge = String.valueOf(100_000_000 + RANDOM.nextInt(900_000_000));
        }
        StringBuilder sb = new StringBuilder("Response: Success\r\n");
        if (id != null) {
            sb.append("ActionID: ").append(id).append("\r\n");
        }
        send(sb.append("Challenge: ").append(challenge).append("\r\n\r\n").toString());
    }

    private void login(Map<String, String> m, String id) {
        pause(server.loginDelay());
        if (loggedIn) {
            send(response("Success", id, "Already authenticated"));
            return;
        }
        boolean ok = server.username().equals(m.get("username"));
        if (ok) {
            String authType = m.get("authtype");
            if (authType != null && authType.equalsIgnoreCase("MD5")) {
                String key = m.get("key");
                ok = challenge != null && key != null && key.equalsIgnoreCase(md5Hex(challenge + server.secret()));
            } else {
                ok = server.secret().equals(m.get("secret"));
            }
        }
        if (!ok) {
            outbox.enqueueAndClose(bytes(response("Error", id, "Authentication failed")));
            return;
        }
        loggedIn = true;
        server.loggedIn(Instant.now());
        byte[] reply = bytes(response("Success", id, "Authentication accepted"));
        if (server.dropsAfterLogin()) {
            outbox.enqueueAndClose(reply);
        } else {
            outbox.enqueue(reply);
        }
    }

    private void send(String text) {
        outbox.enqueue(bytes(text));
    }

    private void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.max(1, Math.min(20, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String response(String response, String id, String message) {
        StringBuilder sb = new StringBuilder(96).append("Response: ").append(response).append("\r\n");
        if (id != null) {
            sb.append("ActionID: ").append(id).append("\r\n");
        }
        return sb.append("Message: ").append(message).append("\r\n\r\n").toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String md5Hex(String s) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Key: Value" lines up to a blank line; keys lower-case, first wins, values left-stripped (astman_get_header). */
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
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).stripLeading());
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] a = buf.toByteArray();
                int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (buf.size() < MAX_LINE) {
                buf.write(b);
            }
        }
        return null;
    }

    /** Closes the socket and the writer; idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        loggedIn = false;
        outbox.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        server.sessionClosed(this);
    }
}
