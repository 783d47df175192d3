package org.pbxmon.sim;

/** A PJSIP outbound registration. Only {@link #status} changes, under the world lock. */
final class Registration {
    final String name;
    final String clientUri;
    final String serverUri;
    final String contactUser;
    final int maxRetries;
    final int retryInterval;
    final int expiration;
    final int forbiddenRetryInterval;
    final int fatalRetryInterval;
    final boolean authRejectionPermanent;
    /** Null when the registration has no outbound auth (then no AuthDetail follows). */
    final OutboundAuth auth;
    String status;

    Registration(String name, String clientUri, String serverUri, String contactUser, int maxRetries,
                 int retryInterval, int expiration, int forbiddenRetryInterval, int fatalRetryInterval,
                 boolean authRejectionPermanent, OutboundAuth auth, String status) {
        this.name = name;
        this.clientUri = clientUri;
        this.serverUri = serverUri;
        this.contactUser = contactUser;
        this.maxRetries = maxRetries;
        this.retryInterval = retryInterval;
        this.expiration = expiration;
        this.forbiddenRetryInterval = forbiddenRetryInterval;
        this.fatalRetryInterval = fatalRetryInterval;
        this.authRejectionPermanent = authRejectionPermanent;
        this.auth = auth;
        this.status = status;
    }
}
