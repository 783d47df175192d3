package org.pbxmon.model;

import java.util.List;
import java.util.Map;

/**
 * The last result of one HTTP probe or certificate check. Published by the probe sources; rendered
 * by the exporters. {@link #name()} is the key: the probe name, or {@code "cert:<target>"} for a
 * certificate check (probe names cannot hold ':', so the two never collide).
 *
 * @param kind            {@link #HTTP} or {@link #CERTIFICATE}
 * @param profile         itgrix, webim, generic, or "certificate"
 * @param target          what is probed: scheme://host:port/path (no query, no credentials), host:port
 *                        or a PEM file path
 * @param up              the probe's main document (or the certificate) could be read
 * @param error           the first problem of the last run, "" when none; never a secret
 * @param durationSeconds how long the last run took
 * @param updatedEpochMs  when the last run ended, 0 before the first run
 * @param runs            runs since the agent started
 * @param errors          problems since the agent started, per reason (connect, timeout, tls, auth,
 *                        http_status, redirect, too_large, not_json, missing_field, bad_value, io)
 * @param problems        every problem of the last run, "reason: message"
 * @param version         the product version the target reports, "" when unknown
 * @param license         the license in force (itgrix), null when none was read
 * @param connector       the connector's own status (itgrix), null when none was read
 * @param backend         chat backend facts (webim), null when none were read
 * @param samples         every other value, labelled
 * @param certificate     the certificate (kind certificate), null otherwise or when it could not be read
 */
public record ProbeStatus(String name, String kind, String profile, String target, boolean up, String error,
        double durationSeconds, long updatedEpochMs, long runs, Map<String, Long> errors, List<String> problems,
        String version, License license, Connector connector, Backend backend, List<Sample> samples,
        Certificate certificate) {

    public static final String HTTP = "http";
    public static final String CERTIFICATE = "certificate";

    public ProbeStatus {
        errors = Map.copyOf(errors);
        problems = List.copyOf(problems);
        samples = List.copyOf(samples);
    }

    /** Before the first run: down, with {@code error} saying why. */
    public static ProbeStatus pending(String name, String kind, String profile, String target, String error) {
        return new ProbeStatus(name, kind, profile, target, false, error, 0, 0, 0, Map.of(), List.of(), "", null,
                null, null, List.of(), null);
    }

    /**
     * A license as the target reports it.
     *
     * @param type               e.g. Professional, Subscription, Free
     * @param expectedType       the configured expectation, "" when none
     * @param validTill          as reported (the last valid day), "" when absent
     * @param expiryEpochSeconds end of the last valid day in the connector's zone; null when unknown
     * @param daysRemaining      whole days until expiry at the probe's run (0: under a day, negative:
     *                           expired); null when unknown
     * @param downgraded         the type ranks below the expected type
     * @param expiringSoon       expires within the configured warning days (or has expired)
     * @param offline            offline license; null when not reported
     */
    public record License(String type, String expectedType, String validTill, Long expiryEpochSeconds,
            Long daysRemaining, boolean downgraded, boolean expiringSoon, Boolean offline, String softMode) {
    }

    /**
     * The connector's own state in the Itgrix manner.
     *
     * @param state  app_state: "", stopped, restarting
     * @param status app_status: Ok, Warning, Error (anything else is kept as reported)
     * @param err    app_err as reported
     */
    public record Connector(String state, String status, String err) {
    }

    /**
     * Chat backend facts.
     *
     * @param instanceId        the backend's instance id ("" when unknown); a change means a restart
     * @param startEpochSeconds when the backend last started, null when unknown
     * @param storingEnabled    whether it can write to its database, null when unknown
     * @param restarts          restarts seen since the agent started (instance id or start time changed)
     */
    public record Backend(String instanceId, Double startEpochSeconds, Boolean storingEnabled, long restarts) {
    }

    /**
     * One labelled value.
     *
     * @param name    a built-in name such as {@code storager_objects}, or a configured metric name
     * @param custom  true for a configured (generic) mapping, whose name is used as it is
     * @param counter a monotonic total rather than a level
     * @param help    the configured help text of a custom value, "" for built-ins
     * @param labels  label name, value, name, value, ... (never "probe")
     */
    public record Sample(String name, boolean custom, boolean counter, String help, List<String> labels,
            double value) {
        public Sample {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A certificate's validity.
     *
     * @param notAfterEpochSeconds the earliest expiry in the presented chain or file
     * @param subject              the subject of the certificate that expires first
     */
    public record Certificate(long notAfterEpochSeconds, String subject) {
    }
}
