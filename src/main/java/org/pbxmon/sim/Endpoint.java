package org.pbxmon.sim;

/** A PJSIP endpoint with its AOR and contacts. Mutated under the world lock. */
final class Endpoint {
    final String name;
    final String aor;
    final String auths;
    final String outboundAuths;
    final String callerName;
    final String context;
    final boolean trunk;
    /** Static contact from the AOR (e.g. 103, carrier); null for phones that register. */
    final Contact staticContact;
    /** Template used when the endpoint registers: contact URI, user agent, Via port, qualify settings. */
    final String regUri;
    final String regUserAgent;
    final int regViaPort;
    final int regQualifyFrequency;
    final String regQualifyTimeout;
    /** identify match (e.g. "127.0.0.1/255.255.255.255") for trunks identified by IP; null when none. */
    String identifyMatch;
    /** Current dynamic contact (registered); null when not registered. */
    Contact dynamicContact;
    /** Last device state announced with DeviceStateChange. */
    DevState devState = DevState.UNKNOWN;

    Endpoint(String name, String auths, String outboundAuths, String callerName, String context, boolean trunk,
             Contact staticContact, String regUri, String regUserAgent, int regViaPort,
             int regQualifyFrequency, String regQualifyTimeout) {
        this.name = name;
        this.aor = name;
        this.auths = auths;
        this.outboundAuths = outboundAuths;
        this.callerName = callerName;
        this.context = context;
        this.trunk = trunk;
        this.staticContact = staticContact;
        this.regUri = regUri;
        this.regUserAgent = regUserAgent;
        this.regViaPort = regViaPort;
        this.regQualifyFrequency = regQualifyFrequency;
        this.regQualifyTimeout = regQualifyTimeout;
    }

    String device() {
        return "PJSIP/" + name;
    }

    /** The contact that decides reachability: the static one, else the registered one. */
    Contact contact() {
        return staticContact != null ? staticContact : dynamicContact;
    }

    boolean available() {
        Contact c = contact();
        return c != null && c.available();
    }

    /** "Contacts:" field of EndpointList: "aor/uri," per contact, empty when none. */
    String contactsField() {
        Contact c = contact();
        return c == null ? "" : aor + "/" + c.uri + ",";
    }
}
