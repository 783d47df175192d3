package org.pbxmon.incident.callback;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body and throws it away: done at its end, or as soon as more than {@code cap} bytes
 * came (the rest is cut off by cancelling, which closes the connection). It keeps the status and
 * {@code Retry-After} of the response head, so a body that stalls after the head still has a status.
 */
final class CappedDiscard implements HttpResponse.BodySubscriber<Void> {
    private final long cap;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private volatile int status;
    private volatile String retryAfter;
    private long seen;

    CappedDiscard(long cap) {
        this.cap = cap;
    }

    /** The body handler: notes the head, then discards. */
    HttpResponse.BodyHandler<Void> handler() {
        return info -> {
            retryAfter = info.headers().firstValue("Retry-After").orElse(null);
            status = info.statusCode();
            return this;
        };
    }

    /** The status of the response head, or 0 before it came. */
    int status() {
        return status;
    }

    String retryAfter() {
        return retryAfter;
    }

    /** Stops reading (on our deadline, or when closing). */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        done.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            seen += b.remaining();
        }
        if (seen > cap) {
            cancel();
        }
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }
}
