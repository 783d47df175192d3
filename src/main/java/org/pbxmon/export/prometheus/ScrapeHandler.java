package org.pbxmon.export.prometheus;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code /metrics}: a plain scrape ({@code GET} or {@code HEAD} without a query) is answered from
 * {@link EncodedScrapes} with {@code Content-Type}, {@code Content-Encoding: gzip} when the client
 * accepts it, and {@code Content-Length}; anything else ({@code name[]}, {@code debug}, other methods)
 * goes to client_java's own handler, which renders it afresh.
 */
final class ScrapeHandler implements HttpHandler {
    private final EncodedScrapes scrapes;
    private final HttpHandler uncached;
    private final boolean preferUncompressed;

    ScrapeHandler(EncodedScrapes scrapes, HttpHandler uncached, boolean preferUncompressed) {
        this.scrapes = scrapes;
        this.uncached = uncached;
        this.preferUncompressed = preferUncompressed;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        boolean head = "HEAD".equals(method);
        String query = ex.getRequestURI().getRawQuery();
        if (!head && !"GET".equals(method) || query != null && !query.isEmpty()) {
            uncached.handle(ex);
            return;
        }
        try {
            Headers request = ex.getRequestHeaders();
            boolean gzip = !preferUncompressed && acceptsGzip(request.get("Accept-Encoding"));
            EncodedScrapes.Response r = scrapes.get(request.getFirst("Accept"), gzip);
            Headers response = ex.getResponseHeaders();
            response.set("Content-Type", r.contentType());
            if (r.gzip()) {
                response.set("Content-Encoding", "gzip");
            }
            byte[] body = r.body();
            if (head || body.length == 0) {
                // the JDK server sends no body for -1; the length a GET would get is stated by hand
                response.set("Content-Length", Integer.toString(body.length));
                ex.sendResponseHeaders(200, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            ex.close();
        }
    }

    /** Same rule as client_java: any {@code gzip} token in any Accept-Encoding header. */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String token : header.split(",")) {
                if (token.trim().equalsIgnoreCase("gzip")) {
                    return true;
                }
            }
        }
        return false;
    }
}
