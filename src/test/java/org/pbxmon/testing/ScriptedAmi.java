package org.pbxmon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Asterisk Manager Interface for tests and benchmarks that answers from the real Asterisk 22
 * captures of {@code shared/fixtures/}: on 127.0.0.1, ephemeral port, daemon threads, stopped by
 * {@link #close()}.
 *
 * <p>It speaks real AMI framing (banner {@code Asterisk Call Manager/11.0.0}, CRLF lines, a blank line
 * after each message). Challenge, Login (MD5 key or plain secret; a failed login is answered
 * {@code Authentication failed} and closed), Logoff and Ping are built in. Every other action is looked up,
 * case-insensitively, in a table of reply bytes taken from the captures, served byte for byte except that
 * every {@code ActionID:} line carries the request's ActionID (and is left out when the request had none).
 * {@code PJSIPShowEndpoint} is looked up by its {@code Endpoint:} header first. An action not in the table
 * gets Asterisk's {@code Invalid/unknown command} error.
 *
 * <p>Test controls: {@link #push}, {@link #dropAfterLogin}, {@link #loginDelay}, {@link #actionDelay},
 * {@link #trickle}, {@link #silent}, {@link #pace}, {@link #dropAll}; observations: {@link #loginTimes},
 * {@link #connectTimes}, {@link #sessions}, {@link #received}.
 */
public final class ScriptedAmi implements AutoCloseable {
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";

    /** The lab captures of {@code shared/fixtures/ami/} the default table is made of. */
    public static final List<String> LAB_CAPTURES = List.of("core-settings", "core-status", "pjsip-show-endpoints",
            "pjsip-show-contacts", "pjsip-show-registrations-outbound", "pjsip-show-registrations-inbound",
            "pjsip-show-aors", "iax-peerlist", "iax-peers", "iax-registry", "core-show-channels-idle",
            "queue-status-idle", "queue-summary-idle", "device-state-list", "sip-peers-unsupported",
            "command-core-show-version", "pjsip-show-endpoint-unknown", "pjsip-show-endpoint-101-unavailable",
            "pjsip-show-endpoint-102", "pjsip-show-endpoint-carrier-trunk");

    /** What a session writes for one action: the bytes and the wall time to spread them over (0 = at once). */
    record Answer(byte[] bytes, long paceNanos) {
    }

    private final String username;
    private final String secret;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, ReplyTemplate> replies = new ConcurrentHashMap<>();
    private final Map<String, ReplyTemplate> endpointReplies = new ConcurrentHashMap<>();
    private final Map<String, Long> paceNanos = new ConcurrentHashMap<>();
    private final List<ScriptedSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Instant> loginTimes = new CopyOnWriteArrayList<>();
    private final List<Instant> connectTimes = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile boolean dropAfterLogin;
    private volatile Duration loginDelay = Duration.ZERO;
    private volatile Duration actionDelay = Duration.ZERO;
    private volatile long tricklePerByteNanos;
    private volatile boolean silent;
    private volatile boolean closed;

    private ScriptedAmi(String username, String secret) throws IOException {
        this.username = username;
        this.secret = secret;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.acceptor = new Thread(this::acceptLoop, "scripted-ami-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers from the lab captures ({@link #LAB_CAPTURES}) for the given AMI user. */
    public static ScriptedAmi start(String username, String secret) throws IOException {
        return empty(username, secret).load(AmiFixtures.labDir(), LAB_CAPTURES.toArray(new String[0]));
    }

    /** Answers only Login/Challenge/Logoff/Ping and the actions of the given captures. */
    public static ScriptedAmi fromCaptures(String username, String secret, Path dir, String... captureNames)
            throws IOException {
        return empty(username, secret).load(dir, captureNames);
    }

    /** Like {@link #fromCaptures(String, String, Path, String...)} for the captures' own user, monitor. */
    public static ScriptedAmi fromCaptures(Path dir, String... captureNames) throws IOException {
        return fromCaptures("monitor", "monitor-secret", dir, captureNames);
    }

    /** A server that knows no action beyond Login/Challenge/Logoff/Ping until {@link #reply} or {@link #load}. */
    public static ScriptedAmi empty(String username, String secret) throws IOException {
        return new ScriptedAmi(username, secret);
    }

    /**
     * Adds the replies of captures ({@code NAME.txt} or {@code NAME.txt.gz} plus {@code NAME.client.txt});
     * later ones win. A PJSIPShowEndpoint capture is filed under its {@code Endpoint:}, unless its reply is
     * an error: that one answers every endpoint without a capture.
     */
    public ScriptedAmi load(Path dir, String... captureNames) {
        for (String name : captureNames) {
            for (CaptureFile.Reply r : CaptureFile.replies(dir, name)) {
                ReplyTemplate t = ReplyTemplate.of(r.bytes());
                String endpoint = r.header("Endpoint");
                if (r.action().equalsIgnoreCase("PJSIPShowEndpoint") && endpoint != null && !r.isError()) {
                    endpointReplies.put(endpoint, t);
                } else {
                    replies.put(key(r.action()), t);
                }
            }
        }
        return this;
    }

    /** Sets the reply of an action (its ActionID lines are rewritten when served). */
    public ScriptedAmi reply(String action, byte[] raw) {
        replies.put(key(action), ReplyTemplate.of(raw.clone()));
        return this;
    }

    public ScriptedAmi reply(String action, String text) {
        return reply(action, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the PJSIPShowEndpoint reply for one endpoint. */
    public ScriptedAmi endpointReply(String endpoint, String text) {
        endpointReplies.put(endpoint, ReplyTemplate.of(text));
        return this;
    }

    /** Spreads the reply of an action over this wall time, written in chunks (like a busy PBX); ZERO = at once. */
    public ScriptedAmi pace(String action, Duration over) {
        paceNanos.put(key(action), over.toNanos());
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String username() {
        return username;
    }

    String secret() {
        return secret;
    }

    // ---- controls --------------------------------------------------------------------------------

    /** Writes raw bytes, unframed, to every logged-in session, after what is already queued for it. */
    public void push(byte[] raw) {
        byte[] copy = raw.clone();
        for (ScriptedSession s : sessions) {
            if (s.isLoggedIn()) {
                s.push(copy);
            }
        }
    }

    public void push(String text) {
        push(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes every session right after its Login reply. */
    public ScriptedAmi dropAfterLogin(boolean on) {
        dropAfterLogin = on;
        return this;
    }

    /** Delays the Login reply (checked per login). */
    public ScriptedAmi loginDelay(Duration d) {
        loginDelay = d;
        return this;
    }

    /** Delays the reply to every action other than Challenge, Login and Logoff. */
    public ScriptedAmi actionDelay(Duration d) {
        actionDelay = d;
        return this;
    }

    /** A slow peer: everything is written one byte every 2 ms. */
    public ScriptedAmi trickle(boolean on) {
        return trickle(on ? Duration.ofMillis(2) : Duration.ZERO);
    }

    /** A slow peer: everything is written one byte per {@code perByte}; ZERO turns it off. */
    public ScriptedAmi trickle(Duration perByte) {
        tricklePerByteNanos = perByte.toNanos();
        return this;
    }

    /**
     * Half-open: connections are accepted and requests read, but nothing is answered or written (no
     * banner for new connections, no pushes) while on. Requests read meanwhile are never answered.
     */
    public ScriptedAmi silent(boolean on) {
        silent = on;
        return this;
    }

    /** Closes every open session (the server keeps listening). */
    public void dropAll() {
        for (ScriptedSession s : sessions) {
            s.close();
        }
    }

    // ---- observations ----------------------------------------------------------------------------

    /** When each successful login was answered, oldest first. */
    public List<Instant> loginTimes() {
        return List.copyOf(loginTimes);
    }

    /** When each TCP connection was accepted, oldest first. */
    public List<Instant> connectTimes() {
        return List.copyOf(connectTimes);
    }

    /** Open sessions (logged in or not). */
    public int sessions() {
        return sessions.size();
    }

    /** The Action header of every request read, in order, as sent. */
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        dropAll();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- package plumbing ------------------------------------------------------------------------

    private static String key(String action) {
        return action.toLowerCase(Locale.ROOT);
    }

    /** The answer to a logged-in session's action (Ping built in unless overridden). */
    Answer answer(String action, Map<String, String> request, String actionId) {
        String k = key(action);
        long pace = paceNanos.getOrDefault(k, 0L);
        ReplyTemplate t = replies.get(k);
        if (k.equals("pjsipshowendpoint")) {
            String endpoint = request.get("endpoint");
            ReplyTemplate detail = endpoint == null ? null : endpointReplies.get(endpoint);
            if (detail != null) {
                return new Answer(detail.render(actionId), pace);
            }
            if (t != null) {
                // the unknown-endpoint capture names endpoint 999; Asterisk names the one asked for
                String text = new String(t.render(actionId), StandardCharsets.ISO_8859_1)
                        .replace("Unable to retrieve endpoint 999\n", "Unable to retrieve endpoint "
                                + (endpoint == null ? "" : endpoint) + "\n");
                return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), pace);
            }
        }
        if (t != null) {
            return new Answer(t.render(actionId), pace);
        }
        if (k.equals("ping")) {
            return new Answer(ScriptedSession.bytes(ping(actionId)), pace);
        }
        return new Answer(ScriptedSession.bytes(ScriptedSession.response("Error", actionId, "Invalid/unknown command: "
                + action + ". Use Action: ListCommands to show available commands.")), pace);
    }

    private static String ping(String actionId) {
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder(96).append("Response: Success\r\n");
        if (actionId != null) {
            sb.append("ActionID: ").append(actionId).append("\r\n");
        }
        return sb.append("Ping: Pong\r\nTimestamp: ").append(now.getEpochSecond()).append('.')
                .append(String.format("%06d", now.getNano() / 1000)).append("\r\n\r\n").toString();
    }

    boolean isSilent() {
        return silent;
    }

    long tricklePerByteNanos() {
        return tricklePerByteNanos;
    }

    boolean dropsAfterLogin() {
        return dropAfterLogin;
    }

    Duration loginDelay() {
        return loginDelay;
    }

    Duration actionDelay() {
        return actionDelay;
    }

    void loggedIn(Instant at) {
        loginTimes.add(at);
    }

    void received(String action) {
        received.add(action);
    }

    void sessionClosed(ScriptedSession s) {
        sessions.remove(s);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connectTimes.add(Instant.now());
            try {
                socket.setTcpNoDelay(true);
                ScriptedSession s = new ScriptedSession(this, socket, sessionCounter.incrementAndGet());
                sessions.add(s);
                if (closed) {
                    s.close();
                    return;
                }
                s.start();
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }
}
