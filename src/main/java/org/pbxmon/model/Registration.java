package org.pbxmon.model;

/**
 * An outbound registration towards a provider (PJSIP outbound registration or IAX2 register line).
 *
 * @param status   raw Asterisk status, e.g. Registered, Rejected, Unregistered
 * @param endpoint the endpoint the registration names (PJSIP {@code endpoint=}), "" when none
 */
public record Registration(String technology, String name, String clientUri, String serverUri, String status,
        String endpoint) {

    /** Every status label {@link #statusLabel()} can return. */
    public static final java.util.List<String> STATUS_LABELS = java.util.List.of("registered", "unregistered",
            "rejected", "request_sent", "auth_sent", "timeout", "no_authentication", "stopped", "unknown");

    public boolean registered() {
        return "Registered".equalsIgnoreCase(status);
    }

    /**
     * The status as a stable label: PJSIP {@code Registered}, {@code Unregistered}, {@code Rejected},
     * {@code Stopped}; IAX2 {@code Registered}, {@code Request Sent}, {@code Auth. Sent},
     * {@code Timeout}, {@code Rejected}, {@code No Authentication}, {@code Unregistered}. Anything
     * else is {@code unknown}.
     */
    public String statusLabel() {
        String s = status == null ? "" : status.trim().toLowerCase(java.util.Locale.ROOT)
                .replace(".", "").replace(' ', '_');
        return switch (s) {
            case "registered", "unregistered", "rejected", "request_sent", "timeout", "stopped" -> s;
            case "auth_sent" -> "auth_sent";
            case "no_authentication", "noauth", "no_auth" -> "no_authentication";
            case "failed" -> "rejected";
            default -> "unknown";
        };
    }
}
