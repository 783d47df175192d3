package org.pbxmon.sim;

/** A PJSIP contact (static from the AOR config, or dynamic from a REGISTER). Mutated under the world lock. */
final class Contact {
    final String aor;
    final String uri;
    final boolean dynamic;
    /** Dynamic contacts: the "aor;@hash" object name, Call-ID, user agent, Via address/port. */
    final String objectName;
    final String callId;
    final String userAgent;
    final String viaAddr;
    final int viaPort;
    final int qualifyFrequency;
    final String qualifyTimeout;
    final int expires;
    /** "Reachable", "Unreachable" or "NonQualified". */
    String status;
    long rttUsec;

    Contact(String aor, String uri, boolean dynamic, String objectName, String callId, String userAgent,
            String viaAddr, int viaPort, int qualifyFrequency, String qualifyTimeout, int expires) {
        this.aor = aor;
        this.uri = uri;
        this.dynamic = dynamic;
        this.objectName = objectName;
        this.callId = callId;
        this.userAgent = userAgent;
        this.viaAddr = viaAddr;
        this.viaPort = viaPort;
        this.qualifyFrequency = qualifyFrequency;
        this.qualifyTimeout = qualifyTimeout;
        this.expires = expires;
        this.status = qualifyFrequency > 0 ? "Reachable" : "NonQualified";
    }

    boolean qualified() {
        return qualifyFrequency > 0;
    }

    boolean available() {
        return "Reachable".equals(status) || "NonQualified".equals(status);
    }
}
