package org.pbxmon.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pbxmon.web.HttpBodies.Body;
import org.pbxmon.web.HttpBodies.ChunkedBody;
import org.pbxmon.web.HttpBodies.ChunkedOutput;
import org.pbxmon.web.HttpBodies.FixedBody;
import org.pbxmon.web.HttpBodies.FixedOutput;
import org.pbxmon.web.HttpBodies.Placeholder;
import org.pbxmon.web.HttpBodies.UnframedOutput;

/**
 * One request and its response on an {@link HttpConnection}, behind the JDK's {@link HttpExchange}
 * API (so handlers, client_java's {@code MetricsHandler} included, run unchanged). Request bodies are
 * framed by {@code Content-Length} or chunked encoding; responses by {@code sendResponseHeaders}'s
 * length as in the JDK server: {@code > 0} fixed, {@code 0} chunked, {@code -1} none.
 */
final class Exchange extends HttpExchange {
    private static final long DRAIN_MAX = 64 * 1024;
    private static final HttpContext ROOT = new RootContext();

    private final HttpConnection conn;
    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final Body body;
    private final Placeholder placeholder = new Placeholder();
    private final boolean expectContinue;
    private boolean sentContinue;
    private InputStream in;
    private OutputStream out = placeholder;
    private int code = -1;
    private boolean closeAfter;
    private boolean closed;
    private HttpPrincipal principal;

    Exchange(HttpConnection conn, String method, URI uri, String protocol, Headers requestHeaders) throws IOException {
        this.conn = conn;
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        String connection = String.join(",", requestHeaders.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
        boolean http10 = protocol.equals("HTTP/1.0");
        this.closeAfter = connection.contains("close") || http10 && !connection.contains("keep-alive");
        this.expectContinue = !http10 && "100-continue".equalsIgnoreCase(requestHeaders.getFirst("Expect"));
        List<String> te = requestHeaders.get("Transfer-Encoding");
        List<String> cl = requestHeaders.get("Content-Length");
        if (te != null) {
            if (cl != null) {
                throw new HttpConnection.Refusal(400, "a request must not have both Content-Length and Transfer-Encoding");
            }
            if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
                throw new HttpConnection.Refusal(501, "only the chunked transfer encoding is supported");
            }
            body = new ChunkedBody(conn.in());
        } else if (cl != null) {
            long length = -1;
            for (String v : cl) {
                for (String one : v.split(",", -1)) {
                    long n = contentLength(one.trim());
                    if (length >= 0 && n != length) {
                        throw new HttpConnection.Refusal(400, "conflicting Content-Length headers");
                    }
                    length = n;
                }
            }
            body = new FixedBody(conn.in(), length);
        } else {
            body = new FixedBody(conn.in(), 0);
        }
        this.in = new ContinueInput();
        conn.readWithin(WebServer.BODY_TIMEOUT_MS);
    }

    /** A decimal Content-Length; past {@code Long.MAX_VALUE} it is as good as infinite (the limit gives 413). */
    static long contentLength(String s) throws HttpConnection.Refusal {
        if (s.isEmpty() || s.length() > 40) {
            throw new HttpConnection.Refusal(400, "invalid Content-Length");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new HttpConnection.Refusal(400, "invalid Content-Length");
            }
        }
        return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /** The declared body length, or -1 for a chunked body. */
    long declaredLength() {
        return body instanceof FixedBody f ? f.length : -1;
    }

    boolean responded() {
        return code >= 0;
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return ROOT;
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (code >= 0) {
            throw new IOException("response headers already sent");
        }
        if (rCode < 100 || rCode > 999) {
            throw new IllegalArgumentException("invalid status code");
        }
        boolean noBody = method.equals("HEAD") || rCode == 204 || rCode == 304 || rCode < 200;
        if (expectContinue && !sentContinue && !body.done()) {
            closeAfter = true; // the client may still send the body it asked about
        }
        if ("close".equalsIgnoreCase(responseHeaders.getFirst("Connection"))) {
            closeAfter = true;
        }
        responseHeaders.remove("Content-Length");
        responseHeaders.remove("Transfer-Encoding");
        OutputStream sink;
        if (noBody) {
            if (method.equals("HEAD") && responseLength > 0) {
                responseHeaders.set("Content-Length", Long.toString(responseLength));
            }
            sink = OutputStream.nullOutputStream();
        } else if (responseLength > 0) {
            responseHeaders.set("Content-Length", Long.toString(responseLength));
            sink = new FixedOutput(conn.out(), responseLength);
        } else if (responseLength == 0) {
            if (protocol.equals("HTTP/1.0")) {
                closeAfter = true;
                sink = new UnframedOutput(conn.out());
            } else {
                responseHeaders.set("Transfer-Encoding", "chunked");
                sink = new ChunkedOutput(conn.out());
            }
        } else {
            responseHeaders.set("Content-Length", "0");
            sink = new FixedOutput(conn.out(), 0);
        }
        if (closeAfter) {
            responseHeaders.set("Connection", "close");
        }
        StringBuilder h = new StringBuilder(256).append("HTTP/1.1 ").append(rCode).append(' ')
                .append(HttpConnection.reason(rCode)).append("\r\nDate: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Date") || !HttpConnection.token(e.getKey())) {
                continue;
            }
            for (String v : e.getValue()) {
                if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                    throw new IOException("a response header value contains a line break");
                }
                h.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        h.append("\r\n");
        code = rCode;
        conn.writing(true);
        conn.out().write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        placeholder.target = sink;
        if (noBody || responseLength < 0) {
            conn.out().flush();
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return (InetSocketAddress) conn.socket().getRemoteSocketAddress();
    }

    @Override
    public int getResponseCode() {
        return code;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) conn.socket().getLocalSocketAddress();
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return principal;
    }

    void principal(HttpPrincipal p) {
        principal = p;
    }

    /** Ends the exchange: the response (and its framing) is finished and flushed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (code < 0) {
            return;
        }
        try {
            out.close();
            if (!placeholder.complete()) {
                closeAfter = true;
            }
            conn.out().flush();
        } catch (IOException e) {
            closeAfter = true;
        } finally {
            conn.writing(false);
        }
    }

    /** This response is a long-lived event stream (see {@link HttpListener#becameStream}). */
    void becomeStream() {
        conn.listener().becameStream(conn);
    }

    /** The next write of the stream must finish within {@code millis}; 0 while idle. */
    void writeWithin(long millis) {
        conn.writingWithin(millis);
    }

    /** Cuts the connection (a stream viewer that fell behind); a blocked write fails at once. */
    void abortConnection() {
        conn.abort();
    }

    /** Closes the exchange without a response of its own (the connection answers and closes). */
    void abandon() {
        closed = true;
        closeAfter = true;
        conn.writing(false);
    }

    /** Ends the exchange; true when the connection can serve another request. */
    boolean finish() {
        close();
        if (code < 0 || closeAfter) {
            return false;
        }
        if (expectContinue && !sentContinue && !body.done()) {
            return false;
        }
        try {
            return body.skipAtMost(DRAIN_MAX);
        } catch (IOException e) {
            return false;
        }
    }

    /** The request body as read from the connection; sends "100 Continue" first when the client asked. */
    private final class ContinueInput extends InputStream {
        private void continueOnce() throws IOException {
            if (expectContinue && !sentContinue && code < 0 && !body.done()) {
                sentContinue = true;
                conn.out().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                conn.out().flush();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            continueOnce();
            return body.read(b, off, len);
        }
    }

    /** The single context of the server: everything goes to the router. */
    private static final class RootContext extends HttpContext {
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<Filter> filters = new ArrayList<>();

        @Override
        public HttpHandler getHandler() {
            return null;
        }

        @Override
        public void setHandler(HttpHandler handler) {
            throw new UnsupportedOperationException("the one context routes through Router; it takes no other handler");
        }

        @Override
        public String getPath() {
            return "/";
        }

        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            throw new UnsupportedOperationException("auth is per route, in Router");
        }

        @Override
        public Authenticator getAuthenticator() {
            return null;
        }
    }
}
