package org.pbxmon.source.ami;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.config.AmiConfig;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.source.ami.wire.Malformed;

/**
 * One AMI session on a socket of our own: connect and MD5 challenge login within
 * {@code connect_timeout}, actions matched to their replies by ActionID within
 * {@code response_timeout}, and one reader thread that splits the stream with {@link FrameReader}.
 * Live events go to the {@link Listener} on the reader thread; replies to our actions (responses and
 * list events) go to the waiting caller and are never dropped. No byte sequence can end the reader
 * other than the socket closing: malformed frames are counted in {@link WireStats} and skipped.
 */
final class AmiConnection implements AutoCloseable {

    /** Called on the reader thread. */
    interface Listener {
        /** A live event; a view valid during the call (keep {@code copy()}). */
        void onEvent(AmiMessage event);

        /**
         * The events passed to {@link #onEvent} so far may be handed on: called by the reader after
         * each read from the socket and before any response is matched, so that a listener may batch
         * the events of one read.
         */
        default void onEventsEnd() {
        }

        /** The session ended; called once. */
        void onLost(String why);
    }

    /** The PBX refused our credentials. */
    static final class AuthFailed extends Exception {
        private static final long serialVersionUID = 1L;

        AuthFailed(String message) {
            super(message);
        }
    }

    /** A reply: the response, and for a list action its events (AuthDetail left out: it holds a password). */
    record Reply(AmiMessage response, List<AmiMessage> events) {
        boolean success() {
            return "Success".equalsIgnoreCase(response.response());
        }

        String message() {
            String m = response.get("Message");
            return m == null ? "" : m;
        }
    }

    private static final class Pending {
        final boolean list;
        final CountDownLatch done = new CountDownLatch(1);
        volatile AmiMessage response;
        final List<AmiMessage> events = new ArrayList<>();

        Pending(boolean list) {
            this.list = list;
        }
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final AmiConfig cfg;
    private final String pbx;
    private final WireStats stats;
    private final Listener listener;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final String idPrefix;
    private volatile Socket socket;
    private OutputStream out;
    private volatile boolean lost;
    private volatile String banner = "";

    AmiConnection(String pbx, AmiConfig cfg, WireStats stats, Listener listener) {
        this.pbx = pbx;
        this.cfg = cfg;
        this.stats = stats;
        this.listener = listener;
        this.idPrefix = "pbxmon-" + IDS.incrementAndGet() + "-";
    }

    /** Connects and logs in; everything within connect_timeout. */
    void open() throws IOException, AuthFailed {
        long deadline = System.nanoTime() + cfg.connectTimeout().toNanos();
        Socket s = new Socket();
        socket = s;
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(cfg.host(), cfg.port()), (int) Math.max(1, remainingMs(deadline)));
            s.setSoTimeout((int) cfg.readTimeout().toMillis());
            out = new BufferedOutputStream(s.getOutputStream(), 4096);
            InputStream in = s.getInputStream();
            Thread reader = new Thread(() -> read(in), "pbxmon-ami-reader-" + pbx);
            reader.setDaemon(true);
            reader.start();
            Reply ch = call(AmiAction.of("Challenge").with("AuthType", "MD5"), remainingMs(deadline), "login");
            String challenge = ch.response().get("Challenge");
            if (!ch.success() || challenge == null || challenge.isEmpty()) {
                throw new IOException("the PBX refused the MD5 challenge: " + ch.message());
            }
            Reply login = call(AmiAction.of("Login").with("AuthType", "MD5").with("Username", cfg.username())
                    .with("Key", md5(challenge + cfg.secret().reveal())).with("Events", cfg.events() ? "on" : "off"),
                    remainingMs(deadline), "login");
            if (!login.success()) {
                throw new AuthFailed("authentication failed for " + cfg.describe()
                        + (login.message().isEmpty() ? "" : " (" + login.message() + ")"));
            }
        } catch (IOException | AuthFailed | RuntimeException e) {
            close();
            throw e;
        }
    }

    String banner() {
        return banner;
    }

    boolean lost() {
        return lost;
    }

    /** Sends an action and waits for its whole reply, at most {@code timeoutMs}. */
    Reply send(AmiAction action, long timeoutMs) throws IOException {
        return call(action, timeoutMs, action.name());
    }

    private Reply call(AmiAction action, long timeoutMs, String what) throws IOException {
        if (lost) {
            throw new IOException("AMI session closed");
        }
        String id = idPrefix + IDS.incrementAndGet();
        Pending p = new Pending(action.list());
        pending.put(id, p);
        try {
            if (lost) {
                throw new IOException("AMI session closed");
            }
            byte[] bytes = action.encode(id);
            synchronized (this) {
                out.write(bytes);
                out.flush();
            }
            if (!p.done.await(Math.max(1, timeoutMs), TimeUnit.MILLISECONDS)) {
                throw new SocketTimeoutException("no complete answer to " + action.name() + " within " + timeoutMs + " ms");
            }
            if (p.response == null) {
                throw new IOException("AMI session closed during " + what);
            }
            synchronized (p) {
                return new Reply(p.response, List.copyOf(p.events));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            pending.remove(id);
        }
    }

    // ---- reader thread

    private void read(InputStream in) {
        FrameReader frames = new FrameReader(FrameReader.Limits.DEFAULT, true, new FrameReader.Sink() {
            @Override
            public void message(AmiMessage m) {
                dispatch(m);
            }

            @Override
            public void malformed(Malformed reason) {
                stats.malformed(reason);
            }

            @Override
            public void banner(String b) {
                banner = b;
            }
        });
        byte[] buf = new byte[64 * 1024];
        String why = "closed by the PBX";
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                stats.lastReadMs = System.currentTimeMillis();
                frames.feed(buf, 0, n);
                listener.onEventsEnd();
            }
        } catch (SocketTimeoutException e) {
            why = "nothing read for " + cfg.readTimeout().toSeconds() + " s (read_timeout)";
        } catch (IOException e) {
            why = lost ? "closed" : "read error: " + e.getMessage();
        } catch (RuntimeException | Error e) {
            why = "reader error: " + e;
        } finally {
            lost = true;
            pending.values().forEach(p -> p.done.countDown());
            closeSocket();
            listener.onLost(why);
        }
    }

    private void dispatch(AmiMessage m) {
        boolean event = m.isEvent();
        if (event) {
            stats.events.incrementAndGet();
            stats.lastEventMs = stats.lastReadMs;
        }
        if (!event) {
            listener.onEventsEnd(); // the events before a response are handed on before it is seen
        }
        if (!pending.isEmpty()) {
            String id = m.actionId();
            Pending p = id == null ? null : pending.get(id);
            if (p != null) {
                reply(p, m, event);
                return;
            }
        }
        if (event) {
            try {
                listener.onEvent(m);
            } catch (RuntimeException e) {
                stats.dropped(); // the event did not reach the state: counted, and a resync repairs it
            }
        }
    }

    private static void reply(Pending p, AmiMessage m, boolean event) {
        if (!event) {
            p.response = m.copy();
            if (!p.list || !"Success".equalsIgnoreCase(p.response.response()) || !m.is("EventList", "start")) {
                p.done.countDown();
            }
            return;
        }
        if (!m.isEvent("AuthDetail")) {
            synchronized (p) {
                p.events.add(m.copy());
            }
        }
        if (m.is("EventList", "Complete")) {
            p.done.countDown();
        }
    }

    @Override
    public void close() {
        lost = true;
        closeSocket();
        pending.values().forEach(p -> p.done.countDown());
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static long remainingMs(long deadlineNanos) throws SocketTimeoutException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("connect and login took longer than connect_timeout");
        }
        return ms;
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
