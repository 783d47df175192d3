package org.pbxmon.sim;

import java.util.List;

/**
 * A chan_iax2 {@code register =>} line as IAXregistry lists it. Only {@link #state} changes, under the
 * world lock.
 */
final class IaxRegistration {
    /** The regstate2str() texts of chan_iax2, the only values {@link #state} takes. */
    static final List<String> STATES = List.of("Unregistered", "Request Sent", "Auth. Sent", "Registered",
            "Rejected", "Timeout", "No Authentication");

    /** Provider address, host:port, as Asterisk prints it (e.g. "127.0.0.1:4570"). */
    final String host;
    final String username;
    /** Our address as the provider last saw it; "<Unregistered>" until the first registration. */
    final String perceived;
    final int refresh;
    final boolean dnsManager;
    String state;

    IaxRegistration(String host, String username, String perceived, int refresh, boolean dnsManager, String state) {
        this.host = host;
        this.username = username;
        this.perceived = perceived;
        this.refresh = refresh;
        this.dnsManager = dnsManager;
        this.state = state;
    }

    /** The world's key: "username@host", like the register line. */
    String key() {
        return username + "@" + host;
    }
}
