package org.pbxmon.model;

/**
 * One PJSIP endpoint or IAX2/SIP peer.
 *
 * @param technology   PJSIP, IAX2 or SIP
 * @param rttSeconds   qualify round-trip time of the best reachable contact, null when unknown
 * @param kindReason   why it is a trunk or an extension (for /status and docs), e.g. "outbound_auth"
 * @param contacts     PJSIP contacts (registered or static) the endpoint has now; 0 for IAX2
 * @param channels     live channels of this endpoint
 * @param capacity     configured capacity_channels, null when none
 */
public record Endpoint(
        String technology,
        String name,
        EndpointKind kind,
        String kindReason,
        EndpointState state,
        Double rttSeconds,
        String deviceState,
        int contacts,
        int channels,
        Integer capacity) {
}
