package org.pbxmon.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its own thread: reads each request head under a deadline and within the
 * head limits, hands the exchange to the handler (the router), and keeps the connection for the next
 * request when the exchange ended cleanly. Problems of the request itself are answered here with a
 * plain sentence (400, 408, 414, 431, 501, 505) and the connection is closed.
 */
final class HttpConnection implements Runnable {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final long REAP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpListener listener;
    private final Socket socket;
    private final HttpHandler handler;
    private final boolean tls;
    private final InetAddress remote;
    private DeadlineInput deadline;
    private BufferedInputStream in;
    private BufferedOutputStream out;
    /** nanoTime after which a response still being written is cut off; 0 while not writing. */
    private volatile long writeDeadline;

    HttpConnection(HttpListener listener, Socket socket, HttpHandler handler, boolean tls) {
        this.listener = listener;
        this.socket = socket;
        this.handler = handler;
        this.tls = tls;
        this.remote = socket.getInetAddress();
    }

    InetAddress remote() {
        return remote;
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    boolean tls() {
        return tls;
    }

    /** Reads from now on must finish within {@code millis}. */
    void readWithin(long millis) {
        deadline.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** A write from now on must finish within {@code millis} (event streams, per event); 0 clears it. */
    void writingWithin(long millis) {
        writeDeadline = millis <= 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    HttpListener listener() {
        return listener;
    }

    void writing(boolean on) {
        writeDeadline = on ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WebServer.RESPONSE_TIMEOUT_MS) : 0;
    }

    @Override
    public void run() {
        boolean linger = false;
        try {
            socket.setTcpNoDelay(true);
            deadline = new DeadlineInput(socket);
            in = new BufferedInputStream(deadline, 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            readWithin(WebServer.HEAD_TIMEOUT_MS); // the first head, with the TLS handshake
            if (socket instanceof SSLSocket ssl) {
                socket.setSoTimeout(WebServer.HEAD_TIMEOUT_MS);
                deadline.reading = true;
                try {
                    ssl.startHandshake();
                } finally {
                    deadline.reading = false;
                }
            }
            boolean first = true;
            while (true) {
                if (!first) {
                    readWithin(WebServer.IDLE_TIMEOUT_MS);
                }
                in.mark(1);
                if (in.read() < 0) {
                    return;
                }
                in.reset();
                if (!first) {
                    readWithin(WebServer.HEAD_TIMEOUT_MS);
                }
                first = false;
                Exchange ex;
                try {
                    ex = readRequest();
                } catch (Refusal r) {
                    reply(r.code, r.getMessage());
                    linger = true;
                    return;
                } catch (SocketTimeoutException e) {
                    reply(408, "the request head was not received within " + WebServer.HEAD_TIMEOUT_MS / 1000
                            + " s");
                    linger = true;
                    return;
                }
                try {
                    handler.handle(ex);
                } catch (SocketTimeoutException e) {
                    if (!ex.responded()) {
                        ex.abandon();
                        reply(408, "the request body was not received within " + WebServer.BODY_TIMEOUT_MS / 1000
                                + " s");
                        linger = true;
                    }
                    return;
                } catch (Refusal r) {
                    if (!ex.responded()) {
                        ex.abandon();
                        reply(r.code, r.getMessage());
                        linger = true;
                    }
                    return;
                } catch (IOException | RuntimeException | LinkageError e) {
                    log.debug("HTTP exchange ended with {}", e.toString());
                    if (!ex.responded()) {
                        ex.abandon();
                        reply(500, "internal error");
                    }
                    return;
                }
                if (!ex.finish()) {
                    linger = ex.responded();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.trace("HTTP connection ended: {}", e.toString());
        } finally {
            end(linger);
        }
    }

    /** Reads and checks one request head. */
    private Exchange readRequest() throws IOException {
        int budget = WebServer.MAX_HEAD_BYTES;
        String line = readLine(budget, 414, "the request line is longer than " + budget + " bytes");
        for (int blank = 0; line.isEmpty() && blank < 4; blank++) {
            line = readLine(budget, 414, "the request line is longer than " + budget + " bytes");
        }
        budget -= line.length() + 2;
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !token(parts[0]) || parts[1].isEmpty()) {
            throw new Refusal(400, "malformed request line");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refusal(version.startsWith("HTTP/") ? 505 : 400,
                    version.startsWith("HTTP/") ? "only HTTP/1.0 and HTTP/1.1 are supported" : "malformed request line");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new Refusal(400, "malformed request target");
        }
        Headers headers = new Headers();
        int count = 0;
        String tooLarge = "the request headers are larger than " + WebServer.MAX_HEAD_BYTES + " bytes";
        while (true) {
            String h = readLine(budget, 431, tooLarge);
            budget -= h.length() + 2;
            if (h.isEmpty()) {
                break;
            }
            if (++count > WebServer.MAX_HEADERS) {
                throw new Refusal(431, "more than " + WebServer.MAX_HEADERS + " request headers");
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || !token(h.substring(0, colon))) {
                throw new Refusal(400, "malformed request header");
            }
            headers.add(h.substring(0, colon), h.substring(colon + 1).strip());
        }
        return new Exchange(this, parts[0], uri, version, headers);
    }

    /** A line without its CRLF (or bare LF), ISO-8859-1; at most {@code max} bytes. */
    private String readLine(int max, int code, String tooLong) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the request head");
            }
            if (c == '\n') {
                break;
            }
            if (b.size() >= max) {
                throw new Refusal(code, tooLong);
            }
            b.write(c);
        }
        byte[] a = b.toByteArray();
        int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
        for (int i = 0; i < n; i++) {
            if (a[i] == '\r' || a[i] == 0) {
                throw new Refusal(400, "malformed request head");
            }
        }
        if (n > 0 && (a[0] == ' ' || a[0] == '\t')) {
            throw new Refusal(400, "folded request headers are not accepted");
        }
        return new String(a, 0, n, StandardCharsets.ISO_8859_1);
    }

    static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A whole response from here (no handler): the error sentence as JSON, then the connection closes. */
    void reply(int code, String message) {
        try {
            byte[] body = errorBody(message);
            writing(true);
            out.write(("HTTP/1.1 " + code + " " + reason(code) + "\r\nContent-Type: " + JSON_TYPE
                    + "\r\nCache-Control: no-store\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException | RuntimeException e) {
            log.trace("HTTP reply {} not sent: {}", code, e.toString());
        } finally {
            writing(false);
        }
    }

    static byte[] errorBody(String message) {
        try {
            return Responses.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Responses.error(message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes the connection. After an error reply, the client may still be sending (a large head or
     * body); reading a little of it first lets the reply arrive instead of a reset.
     */
    private void end(boolean linger) {
        try {
            if (linger && !tls && !socket.isClosed()) {
                socket.shutdownOutput();
                readWithin(1000);
                long left = 256 * 1024;
                byte[] skip = new byte[8192];
                for (int n; left > 0 && (n = in.read(skip)) >= 0;) {
                    left -= n;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        } finally {
            HttpListener.close(socket);
            listener.ended(this);
        }
    }

    /** Called by the listener's reaper: cuts off a read or write that overran its deadline. */
    void reapIfOverdue(long now) {
        long w = writeDeadline;
        DeadlineInput d = deadline;
        boolean overdue = w != 0 && now - w > 0
                || d != null && d.reading && now - d.deadline > REAP_GRACE_NANOS;
        if (overdue) {
            abort();
        }
    }

    void abort() {
        HttpListener.close(socket);
    }

    static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> code < 300 ? "OK" : code < 400 ? "Redirect" : code < 500 ? "Client Error" : "Server Error";
        };
    }

    /** A request the connection answers itself, then closes. */
    static final class Refusal extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        Refusal(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Socket input whose every read must finish before a deadline (set per phase of the request). */
    static final class DeadlineInput extends FilterInputStream {
        private final Socket socket;
        volatile long deadline;
        volatile boolean reading;

        DeadlineInput(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        private void arm() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1)));
            reading = true;
        }

        @Override
        public int read() throws IOException {
            arm();
            try {
                return super.read();
            } finally {
                reading = false;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            try {
                return super.read(b, off, len);
            } finally {
                reading = false;
            }
        }
    }
}
