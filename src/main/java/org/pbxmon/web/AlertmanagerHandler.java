package org.pbxmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import org.pbxmon.incident.AlertSink;
import org.pbxmon.incident.intake.AlertmanagerPayload;
import org.pbxmon.incident.intake.IntakeCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alertmanager/webhook}: takes an Alertmanager webhook notification (payload version 4)
 * and hands all its alerts, validated, to an {@link AlertSink} as one batch. Auth (Basic or Bearer,
 * group {@code intake}) and the body limit ({@code http.limits.max_body_intake}) are the
 * {@link Router}'s; this handler sees only authenticated requests with a whole body.
 *
 * <ul>
 * <li>POST only: anything else is 405 with {@code Allow: POST}.</li>
 * <li>{@code Content-Type}: {@code application/json} or {@code application/*+json} (parameters
 * ignored), or none (curl without {@code -H}); anything else is 415.</li>
 * <li>A body that {@link AlertmanagerPayload#parse} refuses is 400
 * {@code {"result":"error","e":"alerts[2].startsAt: not an RFC 3339 time: ..."}}; the sink never sees
 * any of it.</li>
 * <li>The sink's answer: ACCEPTED is 200 {@code {"result":"ok","alerts":N}}; DISABLED is 503 with
 * {@code incidents are disabled (incidents.enabled)} (a 5xx, so the misconfiguration shows in
 * Alertmanager's own notification-failure metrics and logs, and alerts are resent once incidents are
 * enabled); BUSY is 503 with {@code Retry-After: 5} (Alertmanager retries with backoff). A notification
 * without alerts is 200 with {@code "alerts":0} and not passed to the sink.</li>
 * </ul>
 * Counts go to {@link IntakeCounters}: alerts of accepted notifications by status, refusals by reason.
 */
public final class AlertmanagerHandler implements HttpHandler {
    /** Where Alertmanager's {@code webhook_configs[].url} should point. */
    public static final String PATH = "/alertmanager/webhook";
    /** The auth group of {@link #PATH}. */
    public static final String GROUP = "intake";
    static final String DISABLED_REASON = "incidents are disabled (incidents.enabled)";
    static final String BUSY_REASON = "the incident store is unavailable and the pending queue is full; retry later";
    static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerHandler.class);

    private final AlertSink sink;
    private final IntakeCounters counters;

    public AlertmanagerHandler(AlertSink sink, IntakeCounters counters) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** This handler at {@link #PATH} in group {@link #GROUP}, for {@link WebServer#with(Route)}. */
    public Route route() {
        return new Route(PATH, GROUP, this);
    }

    /** The counters this handler adds to. */
    public IntakeCounters counters() {
        return counters;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            counters.rejected(IntakeCounters.METHOD);
            ex.getResponseHeaders().set("Allow", "POST");
            Responses.json(ex, 405, Responses.error("method " + ex.getRequestMethod() + " not allowed; use POST"));
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !json(type)) {
            counters.rejected(IntakeCounters.CONTENT_TYPE);
            refuse(ex, 415, "Content-Type must be application/json, not " + shorten(type));
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes(); // already in memory and within the intake limit (Router)
        }
        AlertmanagerPayload payload;
        try {
            payload = AlertmanagerPayload.parse(body);
        } catch (AlertmanagerPayload.Malformed e) {
            counters.rejected(e.kind().label());
            refuse(ex, 400, e.getMessage());
            return;
        }
        if (payload.alerts().isEmpty()) {
            ok(ex, 0);
            return;
        }
        AlertSink.Result result;
        try {
            result = sink.accept(payload.alerts());
        } catch (RuntimeException e) {
            counters.rejected(IntakeCounters.ERROR);
            throw e; // the Router answers 500 and logs it
        }
        switch (result) {
            case ACCEPTED -> {
                counters.received(payload);
                log.debug("Alertmanager notification from receiver {} taken: {} alerts", payload.receiver(),
                        payload.alerts().size());
                ok(ex, payload.alerts().size());
            }
            case DISABLED -> {
                counters.rejected(IntakeCounters.DISABLED);
                refuse(ex, 503, DISABLED_REASON);
            }
            case BUSY -> {
                counters.rejected(IntakeCounters.BUSY);
                ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                refuse(ex, 503, BUSY_REASON);
            }
            default -> throw new IllegalStateException("unknown sink result " + result);
        }
    }

    private static void ok(HttpExchange ex, int alerts) throws IOException {
        Responses.json(ex, 200, Responses.JSON.createObjectNode().put("result", "ok").put("alerts", alerts));
    }

    private static void refuse(HttpExchange ex, int code, String reason) throws IOException {
        log.warn("Alertmanager notification from {} refused ({}): {}",
                ex.getRemoteAddress() == null ? "?" : ex.getRemoteAddress().getAddress().getHostAddress(), code, reason);
        Responses.json(ex, code, Responses.error(reason));
    }

    /** {@code application/json} or {@code application/<x>+json}, any parameters. */
    static boolean json(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }

    private static String shorten(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
