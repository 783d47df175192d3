package org.pbxmon.source.probe;

import java.util.List;
import java.util.Map;
import org.pbxmon.config.ProbeConfig;

/**
 * What one kind of product exposes: which GETs to make, and how their answers become values. The
 * parse step is a pure function of the answers, so it is tested on literal payloads.
 */
interface Profile {
    String name();

    /** The GETs of one run, in order; the first is the main document ({@code pbxmon_probe_up}). */
    List<Request> requests(ProbeConfig config, long nowMs);

    /** Turns the answers (by {@link Request#key()}) into values and problems. Pure: no I/O, no clock. */
    void parse(ProbeConfig config, Map<String, Answer> answers, long nowMs, Reading out);

    /**
     * One GET.
     *
     * @param key    names the answer, also the {@code check} label
     * @param target a path (with query) resolved against the probe URL's origin, or "" for the URL itself
     * @param cookie send the profile's cookie (Webim) with this request
     */
    record Request(String key, String target, boolean cookie) {
    }

    /**
     * What came back for one request.
     *
     * @param status  the HTTP status, 0 when no response arrived
     * @param body    the body, at most max_body_bytes
     * @param reason  null when a response arrived in full, else the failure reason (connect, timeout,
     *                tls, redirect, too_large, io)
     * @param message a short failure text without secrets, "" when none
     */
    record Answer(String key, int status, byte[] body, String reason, String message) {
        static Answer failed(String key, String reason, String message) {
            return new Answer(key, 0, new byte[0], reason, message);
        }

        boolean arrived() {
            return reason == null;
        }
    }
}
