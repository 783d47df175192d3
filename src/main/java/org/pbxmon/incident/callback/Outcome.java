package org.pbxmon.incident.callback;

/**
 * What one delivery attempt came to: an HTTP status (with its {@code Retry-After}, or null), or a failure
 * before any status ({@code timeout}, {@code connect}, {@code tls}, {@code io}) with a short detail that
 * holds no URL.
 */
record Outcome(int status, String retryAfter, String failure, String detail) {
    static final String TIMEOUT = "timeout";
    static final String CONNECT = "connect";
    static final String TLS = "tls";
    static final String IO = "io";

    static Outcome http(int status, String retryAfter) {
        return new Outcome(status, retryAfter, null, null);
    }

    static Outcome failed(String failure, String detail) {
        return new Outcome(0, null, failure, detail);
    }

    boolean success() {
        return failure == null && status >= 200 && status < 300;
    }

    /** The counter this outcome adds to when it is not a success: {@code http_5xx}, {@code timeout}, ... */
    String reason() {
        if (failure != null) {
            return failure;
        }
        if (status >= 300 && status < 600) {
            return "http_" + (status / 100) + "xx";
        }
        return "http_other";
    }

    /** For logs, status and the outbox row's last error: "HTTP 503", "timeout: request timed out". */
    String describe() {
        if (failure == null) {
            return "HTTP " + status;
        }
        return detail == null || detail.isEmpty() ? failure : failure + ": " + detail;
    }
}
