package org.pbxmon.model;

/**
 * An outbound registration towards a provider (PJSIP outbound registration or IAX2 register line).
 *
 * @param status   raw Asterisk status, e.g. Registered, Rejected, Unregistered
 * @param endpoint the endpoint the registration names (PJSIP {@code endpoint=}), "" when none
 */
public record Registration(String technology, String name, String clientUri, String serverUri, String status,
        String endpoint) {

    public boolean registered() {
        return "Registered".equalsIgnoreCase(status);
    }
}
