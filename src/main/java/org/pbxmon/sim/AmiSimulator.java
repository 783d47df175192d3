package org.pbxmon.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Asterisk Manager Interface server over real TCP, backed by a {@link SimWorld}. It speaks the
 * byte format of Asterisk 22.10.1 (banner "Asterisk Call Manager/11.0.0", CRLF lines, blank line per
 * message) and broadcasts every event of the world to logged-in sessions that want events.
 */
public final class AmiSimulator implements AutoCloseable {
    private final SimWorld world;
    private final String username;
    private final String secret;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<AmiSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong totalLogins = new AtomicLong();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private final EventSink sink = this::broadcast;
    private volatile boolean stalled;
    private volatile boolean closed;

    private AmiSimulator(SimWorld world, String username, String secret, ServerSocket server) {
        this.world = world;
        this.username = username;
        this.secret = secret;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "ami-sim-accept-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Starts on 127.0.0.1 with an ephemeral port. */
    public static AmiSimulator start(SimWorld world, String username, String secret) throws IOException {
        return start(world, username, secret, 0);
    }

    /** Starts on 127.0.0.1:port (0 = ephemeral). */
    public static AmiSimulator start(SimWorld world, String username, String secret, int port) throws IOException {
        return start(world, username, secret, InetAddress.getLoopbackAddress(), port);
    }

    /** Starts on the given address (SimMain --bind); tests use the loopback overloads. */
    static AmiSimulator start(SimWorld world, String username, String secret, InetAddress bind, int port)
            throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bind, port), 64);
        AmiSimulator sim = new AmiSimulator(world, username, secret, ss);
        world.addSink(sim.sink);
        sim.acceptor.start();
        return sim;
    }

    public int port() {
        return server.getLocalPort();
    }

    public SimWorld world() {
        return world;
    }

    /** Currently connected sessions that have logged in. */
    public int loggedInSessions() {
        int n = 0;
        for (AmiSession s : sessions) {
            if (s.isLoggedIn()) {
                n++;
            }
        }
        return n;
    }

    /** Successful logins since start. */
    public long totalLogins() {
        return totalLogins.get();
    }

    /** Abruptly closes (TCP reset) every client socket; the server keeps listening. */
    public void dropConnections() {
        for (AmiSession s : sessions) {
            s.abort();
        }
    }

    /**
     * Half-open simulation: while stalled, sockets stay open but nothing is answered or sent (actions
     * received meanwhile are discarded, events are dropped, new connections get no banner until resumed).
     */
    public void stall(boolean stalled) {
        this.stalled = stalled;
    }

    /** Writes raw bytes to every logged-in session (between whole messages). */
    public void sendGarbage(byte[] bytes) {
        for (AmiSession s : sessions) {
            if (s.isLoggedIn()) {
                s.writer.enqueue(bytes.clone());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        world.removeSink(sink);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (AmiSession s : sessions) {
            s.abort();
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- package-private plumbing ------------------------------------------------------------------

    String username() {
        return username;
    }

    String secret() {
        return secret;
    }

    boolean isStalled() {
        return stalled;
    }

    /** Logged-in, open sessions (EventBurst writes to these). */
    List<AmiSession> liveSessions() {
        List<AmiSession> out = new ArrayList<>();
        for (AmiSession s : sessions) {
            if (s.isLoggedIn()) {
                out.add(s);
            }
        }
        return out;
    }

    void sessionClosed(AmiSession s) {
        sessions.remove(s);
    }

    /** After "Authentication accepted": FullyBooted to this session, SuccessfulAuth to all event sessions. */
    void loginSucceeded(AmiSession s, String eventsHeader) {
        totalLogins.incrementAndGet();
        synchronized (world.st.lock) {
            s.markLoggedIn(eventsHeader);
            if (s.eventsOn()) {
                Ev booted = world.fullyBootedEvent();
                if (s.wants(booted)) {
                    s.writer.enqueue(booted.bytes());
                }
            }
            int remotePort = s.socket.getPort();
            broadcast(Events.successfulAuth(username, s.sessionId, port(), remotePort, System.currentTimeMillis()));
        }
    }

    /** Broadcast of a world event (called under the world lock, never blocks). */
    private void broadcast(Ev ev) {
        if (stalled || closed) {
            return;
        }
        for (AmiSession s : sessions) {
            if (s.wants(ev)) {
                s.writer.enqueue(ev.bytes());
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                if (closed) {
                    return;
                }
                continue;
            } catch (IOException e) {
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                AmiSession s = new AmiSession(this, socket, sessionCounter.incrementAndGet());
                sessions.add(s);
                if (closed) {
                    s.abort();
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
