package org.pbxmon.sim;

import java.util.HashMap;
import java.util.Map;

/** PJSIPShowEndpoints, PJSIPShowContacts and PJSIPShowRegistrationsOutbound, as in the captures. Lock held. */
final class PjsipRenderer {
    private PjsipRenderer() {
    }

    static String endpoints(WorldState st, String id) {
        StringBuilder sb = new StringBuilder(256 + st.endpoints.size() * 260);
        if (st.endpoints.isEmpty()) {
            return Ami.error(id, "No endpoints found");
        }
        Ami.listStart(sb, id, "A listing of Endpoints follows, presented as EndpointList events");
        Map<String, Integer> active = new HashMap<>();
        for (Chan c : st.channels.values()) {
            if (c.device != null) {
                active.merge(c.device, 1, Integer::sum);
            }
        }
        for (Endpoint e : st.endpoints.values()) {
            Ami.kv(sb, "Event", "EndpointList");
            Ami.actionId(sb, id);
            Ami.kv(sb, "ObjectType", "endpoint");
            Ami.kv(sb, "ObjectName", e.name);
            Ami.kv(sb, "Transport", "transport-udp");
            Ami.kv(sb, "Aor", e.aor);
            Ami.kv(sb, "Auths", e.auths);
            Ami.kv(sb, "OutboundAuths", e.outboundAuths);
            Ami.kv(sb, "Contacts", e.contactsField());
            Ami.kv(sb, "DeviceState", e.devState.text);
            Ami.kv(sb, "ActiveChannels", active.getOrDefault(e.device(), 0));
            sb.append("\r\n");
        }
        Ami.listComplete(sb, "EndpointListComplete", id, st.endpoints.size());
        return sb.append("\r\n").toString();
    }

    /** Only contacts created by REGISTER are listed, like real Asterisk (static AOR contacts are not). */
    static String contacts(WorldState st, String id) {
        StringBuilder sb = new StringBuilder(256 + st.endpoints.size() * 500);
        Ami.listStart(sb, id, "A listing of Contacts follows, presented as ContactList events");
        long nowSec = st.now() / 1000;
        int n = 0;
        for (Endpoint e : st.endpoints.values()) {
            Contact c = e.dynamicContact;
            if (c == null) {
                continue;
            }
            n++;
            Ami.kv(sb, "Event", "ContactList");
            Ami.actionId(sb, id);
            Ami.kv(sb, "ObjectType", "contact");
            Ami.kv(sb, "ObjectName", c.objectName);
            Ami.kv(sb, "ViaAddr", c.viaAddr);
            Ami.kv(sb, "QualifyTimeout", c.qualifyTimeout);
            Ami.kv(sb, "Qualify2xxOnly", "false");
            Ami.kv(sb, "CallId", c.callId);
            Ami.kv(sb, "RegServer", "");
            Ami.kv(sb, "PruneOnBoot", "no");
            Ami.kv(sb, "Path", "");
            Ami.kv(sb, "Endpoint", e.name);
            Ami.kv(sb, "ViaPort", c.viaPort);
            Ami.kv(sb, "AuthenticateQualify", "no");
            Ami.kv(sb, "Uri", c.uri);
            Ami.kv(sb, "QualifyFrequency", c.qualifyFrequency);
            Ami.kv(sb, "UserAgent", c.userAgent);
            Ami.kv(sb, "ExpirationTime", nowSec + c.expires);
            Ami.kv(sb, "OutboundProxy", "");
            Ami.kv(sb, "Status", c.status);
            Ami.kv(sb, "RoundtripUsec", "Reachable".equals(c.status) ? String.valueOf(c.rttUsec) : "N/A");
            sb.append("\r\n");
        }
        Ami.listComplete(sb, "ContactListComplete", id, n);
        return sb.append("\r\n").toString();
    }

    static String registrationsOutbound(WorldState st, String id) {
        StringBuilder sb = new StringBuilder(256 + st.registrations.size() * 1000);
        Ami.listStart(sb, id, "Following are Events for each Outbound registration");
        int registered = 0;
        for (Registration r : st.registrations.values()) {
            if ("Registered".equals(r.status)) {
                registered++;
            }
            Ami.kv(sb, "Event", "OutboundRegistrationDetail");
            Ami.actionId(sb, id);
            Ami.kv(sb, "ObjectType", "registration");
            Ami.kv(sb, "ObjectName", r.name);
            Ami.kv(sb, "MaxRetries", r.maxRetries);
            Ami.kv(sb, "ClientUri", r.clientUri);
            Ami.kv(sb, "SecurityNegotiation", "no");
            Ami.kv(sb, "AuthRejectionPermanent", r.authRejectionPermanent);
            Ami.kv(sb, "ServerUri", r.serverUri);
            Ami.kv(sb, "MaxRandomInitialDelay", 10);
            Ami.kv(sb, "SupportPath", "false");
            Ami.kv(sb, "RetryInterval", r.retryInterval);
            Ami.kv(sb, "ContactHeaderParams", "");
            Ami.kv(sb, "Expiration", r.expiration);
            Ami.kv(sb, "Transport", "transport-udp");
            Ami.kv(sb, "Line", "false");
            Ami.kv(sb, "ContactUser", r.contactUser);
            Ami.kv(sb, "Endpoint", "");
            Ami.kv(sb, "UserAgent", "");
            Ami.kv(sb, "ForbiddenRetryInterval", r.forbiddenRetryInterval);
            Ami.kv(sb, "OutboundAuth", r.auth == null ? "" : r.auth.name());
            Ami.kv(sb, "OutboundProxy", "");
            Ami.kv(sb, "FatalRetryInterval", r.fatalRetryInterval);
            Ami.kv(sb, "SupportOutbound", "no");
            Ami.kv(sb, "Status", r.status);
            Ami.kv(sb, "NextReg", 0);
            sb.append("\r\n");
            if (r.auth != null) {
                authDetail(sb, id, r.auth);
            }
        }
        int total = st.registrations.size();
        Ami.listComplete(sb, "OutboundRegistrationDetailComplete", id, total);
        Ami.kv(sb, "Registered", registered);
        Ami.kv(sb, "NotRegistered", total - registered);
        return sb.append("\r\n").toString();
    }

    private static void authDetail(StringBuilder sb, String id, OutboundAuth a) {
        Ami.kv(sb, "Event", "AuthDetail");
        Ami.actionId(sb, id);
        Ami.kv(sb, "ObjectType", "auth");
        Ami.kv(sb, "ObjectName", a.name());
        Ami.kv(sb, "OauthSecret", "");
        Ami.kv(sb, "PasswordDigest", "");
        Ami.kv(sb, "SupportedAlgorithmsUas", "MD5");
        Ami.kv(sb, "RefreshToken", "");
        Ami.kv(sb, "Username", a.username());
        Ami.kv(sb, "Md5Cred", "");
        Ami.kv(sb, "Realm", "");
        Ami.kv(sb, "AuthType", "userpass");
        Ami.kv(sb, "Password", a.password());
        Ami.kv(sb, "SupportedAlgorithmsUac", "MD5");
        Ami.kv(sb, "NonceLifetime", 32);
        Ami.kv(sb, "OauthClientid", "");
        sb.append("\r\n");
    }
}
