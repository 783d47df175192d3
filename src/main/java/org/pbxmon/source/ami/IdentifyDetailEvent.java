package org.pbxmon.source.ami;

import org.asteriskjava.manager.event.ResponseEvent;

/** An identify section of PJSIPShowEndpoint: the endpoint is matched by source IP (a trunk sign). */
public final class IdentifyDetailEvent extends ResponseEvent {
    private static final long serialVersionUID = 1L;
    private String endpoint;
    private String match;

    public IdentifyDetailEvent(Object source) {
        super(source);
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = match;
    }
}
