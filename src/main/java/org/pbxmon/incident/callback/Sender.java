package org.pbxmon.incident.callback;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.pbxmon.incident.OutboxRow;

/**
 * One callback's HTTP side: builds the signed request of an outbox row and sends it with a client of
 * its own (HTTP/1.1, no redirects, connect and request timeouts = the callback's timeout), reading at most
 * {@value #BODY_CAP} bytes of the answer and throwing them away. Every failure becomes an {@link Outcome}
 * whose text holds no URL. Thread-safe once started.
 */
final class Sender {
    static final long BODY_CAP = 64 * 1024;
    /** On top of the timeout, for a body that stalls after its head. */
    private static final long GRACE_MS = 2_000;

    private final Template template;
    private final Signer signer;
    private final String userAgent;
    private final Duration timeout;
    private volatile HttpClient client;

    /** @param signer null: no {@code webhook-signature} (the id and timestamp are still sent) */
    Sender(Template template, Signer signer, String userAgent, Duration timeout) {
        this.template = template;
        this.signer = signer;
        this.userAgent = userAgent;
        this.timeout = timeout;
    }

    void start() {
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void stop() {
        client = null; // its selector thread ends once the client is unreachable
    }

    /** The request for {@code row} at {@code nowMs}; IllegalArgumentException when it cannot be built. */
    HttpRequest request(OutboxRow row, long nowMs) {
        Template.Rendered r = template.render(row.payload());
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri())
                .timeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .header("User-Agent", userAgent);
        if (r.method().equals("POST")) {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).header("Content-Type", r.contentType());
        } else {
            b.GET();
        }
        template.headers().forEach(b::setHeader);
        long ts = Math.floorDiv(nowMs, 1000);
        b.setHeader("webhook-id", row.eventId());
        b.setHeader("webhook-timestamp", Long.toString(ts));
        if (signer != null) {
            b.setHeader("webhook-signature", signer.sign(row.eventId(), ts, r.body()));
        }
        return b.build();
    }

    /** One attempt; null when interrupted (closing). */
    Outcome send(HttpRequest request) {
        CappedDiscard body = new CappedDiscard(BODY_CAP);
        CompletableFuture<HttpResponse<Void>> f;
        HttpClient c = client;
        if (c == null) {
            return null; // stopped
        }
        try {
            f = c.sendAsync(request, body.handler());
        } catch (RuntimeException e) {
            return Outcome.failed(Outcome.IO, clean(e));
        }
        try {
            HttpResponse<Void> response = f.get(timeout.toMillis() + GRACE_MS, TimeUnit.MILLISECONDS);
            return Outcome.http(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (TimeoutException e) {
            f.cancel(true);
            body.cancel();
            return body.status() > 0 ? Outcome.http(body.status(), body.retryAfter())
                    : Outcome.failed(Outcome.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return classify(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            body.cancel();
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Outcome classify(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpConnectTimeoutException) {
            return Outcome.failed(Outcome.CONNECT, "connect timed out");
        }
        if (t instanceof HttpTimeoutException) {
            return Outcome.failed(Outcome.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        }
        if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException) {
            return Outcome.failed(Outcome.CONNECT, clean(t));
        }
        if (t instanceof SSLException) {
            return Outcome.failed(Outcome.TLS, clean(t));
        }
        return Outcome.failed(Outcome.IO, clean(t)); // reset, closed, a bad answer, ...
    }

    /** An exception as short text with no URL in it (a query may hold a token). */
    String clean(Throwable t) {
        String m = t.getMessage();
        String text = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        text = text.replaceAll("(?i)https?://\\S*", template.host());
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

}
