package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.pbxmon.config.HttpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket: accepts on its own thread, counts connections in all and per remote IP
 * address (beyond a limit a new connection is answered 429 or closed at once), and gives every
 * admitted connection its own thread ({@link HttpConnection}), which reads request heads and bodies
 * under deadlines. Threads are made on demand and bounded by the connection limit; they hold no
 * worker permit while they read, so slow clients never take capacity from fast ones. A reaper
 * closes the socket of a connection that overruns a deadline inside a blocking call (a response
 * the client does not read; a TLS handshake that stalls).
 */
final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** Bytes of socket send buffer of an event stream. */
    static final int STREAM_SEND_BUFFER = 16 * 1024;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocket server;
    private final HttpHandler handler;
    private final boolean tls;
    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService reaper;
    private final Thread acceptor;
    private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    /** Connections that became event streams: they no longer count towards the connection limits. */
    private final Set<HttpConnection> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile HttpLimits limits;
    private volatile boolean closed;

    HttpListener(InetSocketAddress address, SSLContext ssl, HttpHandler handler, HttpLimits limits)
            throws IOException {
        this.handler = handler;
        this.limits = limits;
        this.tls = ssl != null;
        if (ssl != null) {
            SSLServerSocket s = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket();
            List<String> protocols = new ArrayList<>();
            for (String p : s.getSupportedProtocols()) {
                if (p.equals("TLSv1.3") || p.equals("TLSv1.2")) {
                    protocols.add(p);
                }
            }
            s.setEnabledProtocols(protocols.toArray(String[]::new));
            server = s;
        } else {
            server = new ServerSocket();
        }
        server.setReuseAddress(true);
        server.bind(address, 128);
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "pbxmon-http"));
        reaper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pbxmon-http-reaper"));
        acceptor = daemon(this::acceptLoop, "pbxmon-http-accept");
    }

    void start() {
        acceptor.start();
        reaper.scheduleWithFixedDelay(this::reap, 250, 250, TimeUnit.MILLISECONDS);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connection limits of a reloaded config apply to the next connection. */
    void update(HttpLimits next) {
        limits = next;
    }

    int openConnections() {
        return total.get();
    }

    long refusedConnections() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                log.warn("HTTP accept failed: {}", e.getMessage());
                sleep(50);
                continue;
            }
            admit(s);
        }
    }

    private void admit(Socket s) {
        InetAddress ip = s.getInetAddress();
        HttpLimits l = limits;
        int mine = perClient.merge(ip, 1, Integer::sum);
        int all = total.incrementAndGet();
        if (all > l.maxConnections() || mine > l.maxConnectionsPerClient()) {
            release(ip);
            refuse(s, all > l.maxConnections() ? 503 : 429, all > l.maxConnections()
                    ? "too many connections to this server, retry later"
                    : "too many connections from your address, close some and retry");
            return;
        }
        HttpConnection c = new HttpConnection(this, s, handler, tls);
        open.add(c);
        try {
            threads.execute(c);
        } catch (RejectedExecutionException e) {
            ended(c);
            close(s);
        }
    }

    /** Called by a connection's thread when it ends. */
    void ended(HttpConnection c) {
        if (open.remove(c) && !streams.remove(c)) {
            release(c.remote());
        }
    }

    /**
     * The connection now carries a long-lived event stream (capped on its own by the stream's
     * publisher): it leaves the per-client and total connection counts, so that viewers do not lock out
     * ordinary requests nor the other way round. The reaper still watches its writes.
     */
    void becameStream(HttpConnection c) {
        if (open.contains(c) && streams.add(c)) {
            release(c.remote());
            try {
                c.socket().setSendBufferSize(STREAM_SEND_BUFFER); // bounded, so a stalled viewer shows soon
            } catch (java.net.SocketException ignored) {
                // keep the default
            }
        }
    }

    private void release(InetAddress ip) {
        perClient.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    /** Answers a refused connection without a thread: a short reply into an empty send buffer, then close. */
    private void refuse(Socket s, int code, String message) {
        refused.incrementAndGet();
        long last = lastRefusalLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            log.warn("HTTP connection from {} refused: {} ({} refused so far)", s.getInetAddress().getHostAddress(),
                    message, refused.get());
        }
        if (!tls) {
            try {
                byte[] body = HttpConnection.errorBody(message);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + code + " " + HttpConnection.reason(code) + "\r\nContent-Type: "
                        + HttpConnection.JSON_TYPE + "\r\nContent-Length: " + body.length
                        + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone already
            }
        }
        close(s);
    }

    private void reap() {
        long now = System.nanoTime();
        for (HttpConnection c : open) {
            c.reapIfOverdue(now);
        }
    }

    @Override
    public void close() {
        closed = true;
        close(server);
        for (HttpConnection c : open) {
            c.abort();
        }
        threads.shutdownNow();
        reaper.shutdownNow();
    }

    static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
