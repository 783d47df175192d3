package org.pbxmon.source.ami;

import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.event.ResponseEvent;

/**
 * Replaces asterisk-java's AuthDetail, which keeps the {@code Password:} that Asterisk sends in clear
 * in PJSIPShowRegistrationsOutbound and PJSIPShowEndpoint. This class has no setter for Password,
 * MD5 credentials or OAuth secrets, so they are never stored, logged or exposed.
 */
@AsteriskMapping("AuthDetail")
public final class RedactedAuthDetailEvent extends ResponseEvent {
    private static final long serialVersionUID = 1L;
    private String objectName;
    private String username;

    public RedactedAuthDetailEvent(Object source) {
        super(source);
    }

    public String getObjectName() {
        return objectName;
    }

    public void setObjectName(String objectName) {
        this.objectName = objectName;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }
}
