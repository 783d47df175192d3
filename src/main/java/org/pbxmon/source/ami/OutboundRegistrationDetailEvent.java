package org.pbxmon.source.ami;

import org.asteriskjava.manager.event.ResponseEvent;

/**
 * One outbound registration from PJSIPShowRegistrationsOutbound. Only the fields pbxmon uses have
 * setters; asterisk-java skips the rest.
 */
public final class OutboundRegistrationDetailEvent extends ResponseEvent {
    private static final long serialVersionUID = 1L;
    private String objectName;
    private String clientUri;
    private String serverUri;
    private String status;
    private String endpoint;
    private String outboundAuth;

    public OutboundRegistrationDetailEvent(Object source) {
        super(source);
    }

    public String getObjectName() {
        return objectName;
    }

    public void setObjectName(String objectName) {
        this.objectName = objectName;
    }

    public String getClientUri() {
        return clientUri;
    }

    public void setClientUri(String clientUri) {
        this.clientUri = clientUri;
    }

    public String getServerUri() {
        return serverUri;
    }

    public void setServerUri(String serverUri) {
        this.serverUri = serverUri;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getOutboundAuth() {
        return outboundAuth;
    }

    public void setOutboundAuth(String outboundAuth) {
        this.outboundAuth = outboundAuth;
    }
}
