package org.pbxmon.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * PJSIPShowEndpoint (singular): EndpointDetail, AuthDetail, TransportDetail, AorDetail,
 * ContactStatusDetail, IdentifyDetail and EndpointDetailComplete, field for field as the captures of
 * pjsip-show-endpoint-*.txt. Lock held.
 */
final class PjsipDetailRenderer {
    /** EndpointDetail after ObjectName, from the carrier capture; per-endpoint keys are overridden. */
    private static final String ENDPOINT_DETAIL =
            "RpidImmediate: false\nWebrtc: no\nIgnore183WithoutSdp: false\nSendAoc: false\n"
            + "DeviceStateBusyAt: 2\nT38UdptlMaxdatagram: 0\n"
            + "CodecPrefsIncomingAnswer: prefer:pending, operation:intersect, keep:all, transcode:allow\n"
            + "SecurityNegotiation: no\nDtlsRekey: 0\nRtpPortEnd: 0\nNamedPickupGroup: \n"
            + "DirectMediaMethod: invite\nSendRpid: false\nPickupGroup: \nSdpSession: Asterisk\n"
            + "DtlsVerify: No\nMessageContext: \nTenantid: \nMailboxes: \nRecordOnFeature: automixmon\n"
            + "DtlsPrivateKey: \nDtlsFingerprint: SHA-256\nOverlapContext: \n"
            + "OutgoingCallOfferPref: remote_merge\nRtpPortStart: 0\nFromDomain: 127.0.0.1\n"
            + "TimersSessExpires: 1800\nNamedCallGroup: \nDtlsCipher: \nMediaEncryptionOptimistic: false\n"
            + "SuppressQ850ReasonHeaders: false\nAors: carrier\nIdentifyBy: username,ip\n"
            + "CalleridPrivacy: allowed_not_screened\nMwiSubscribeReplacesUnsolicited: no\nCosAudio: 0\n"
            + "FollowEarlyMediaFork: true\nContext: from-carrier\nRtpSymmetric: true\n"
            + "Transport: transport-udp\nMohSuggest: default\nT38Udptl: false\nFaxDetect: false\n"
            + "T38BindUdptlToMediaAddress: false\nTosVideo: 0\nSrtpTag32: false\nReferBlindProgress: true\n"
            + "MaxAudioStreams: 1\nBundle: false\nUseAvpf: false\nCallGroup: \nSendConnectedLine: yes\n"
            + "FaxDetectTimeout: 0\nSdpOwner: -\nForceRport: true\nCalleridTag: \nRtpTimeoutHold: 0\n"
            + "SuppressMohOnSendonly: false\nUsePtime: false\nMediaAddress: 127.0.0.1\nVoicemailExtension: \n"
            + "RtpTimeout: 0\nStirShaken: no\nSetVar: \nContactAcl: \nPreferredCodecOnly: false\n"
            + "GeolocOutgoingCallProfile: \nForceAvp: false\nRecordOffFeature: automixmon\n"
            + "FromUser: pbx-trunk\nSendDiversion: true\nSendHistoryInfo: false\nT38UdptlIpv6: false\n"
            + "ToneZone: \nLanguage: \nAllowSubscribe: true\nRtpIpv6: false\nCallerid: <unknown>\n"
            + "MohPassthrough: false\nCosVideo: 0\nDtlsAutoGenerateCert: No\nAsymmetricRtpCodec: false\n"
            + "GeolocIncomingCallProfile: \nIceSupport: false\nAggregateMwi: true\nOneTouchRecording: false\n"
            + "MwiFromUser: \nRedirectMethod: user\nAccountcode: \n"
            + "CodecPrefsOutgoingAnswer: prefer:pending, operation:intersect, keep:all, transcode:allow\n"
            + "Allow: (ulaw|alaw)\nRewriteContact: true\nUserEqPhone: false\nRtpEngine: asterisk\n"
            + "FollowRedirectMethods: \nSubscribeContext: \nNotifyEarlyInuseRinging: false\n"
            + "IncomingMwiMailbox: \nIncomingCallOfferPref: local\nAllowUnauthenticatedOptions: false\n"
            + "Auth: \nDirectMediaGlareMitigation: none\nTrustIdInbound: false\nStirShakenProfile: \n"
            + "BindRtpToMediaAddress: true\nDisableDirectMediaOnNat: false\nMediaEncryption: no\n"
            + "MediaUseReceivedTransport: false\nAllowOverlap: true\nDtmfMode: rfc4733\n"
            + "OutboundAuth: carrier-auth\nTosAudio: 0\nDtlsCertFile: \nDtlsCaPath: \nDtlsSetup: active\n"
            + "ConnectedLineMethod: invite\nG726NonStandard: false\n100rel: yes\nTimers: yes\n"
            + "DirectMedia: false\nAcl: \nTimersMinSe: 90\nTrustIdOutbound: false\nSubMinExpiry: 0\n"
            + "RtcpMux: false\nMaxVideoStreams: 1\nAcceptMultipleSdpAnswers: false\n"
            + "CodecPrefsIncomingOffer: prefer:pending, operation:intersect, keep:all, transcode:allow\n"
            + "CodecPrefsOutgoingOffer: prefer:pending, operation:union, keep:all, transcode:allow\n"
            + "TrustConnectedLine: yes\nSendPai: false\nRtpKeepalive: 0\nT38UdptlEc: none\n"
            + "T38UdptlNat: false\nAllowTransfer: true\nDtlsCaFile: \nOutboundProxy: \nInbandProgress: false\n"
            + "DeviceState: Not in use\nActiveChannels: 0\n";
    /** TransportDetail of transport-udp, from the capture (EndpointName is appended). */
    private static final String TRANSPORT_DETAIL =
            "ObjectType: transport\nObjectName: transport-udp\nWebsocketWriteTimeout: 100\nCos: 0\n"
            + "TcpKeepaliveEnable: false\nProtocol: udp\nSymmetricTransport: false\nDomain: \n"
            + "VerifyServer: No\nLocalNet: 127.0.0.0/255.0.0.0\nBind: 127.0.0.1:5060\nAllowWildcardCerts: No\n"
            + "TcpKeepaliveIntervalTime: 1\nAsyncOperations: 1\nExternalMediaAddress: \nMethod: unspecified\n"
            + "ExternalSignalingAddress: \nRequireClientCert: No\nTcpKeepaliveIdleTime: 30\nTos: 0\n"
            + "CaListPath: \nCipher: \nCertFile: \nExternalSignalingPort: 0\nPassword: \nAllowReload: false\n"
            + "VerifyClient: No\nTcpKeepaliveProbeCount: 5\nPrivKeyFile: \nCaListFile: \n";
    private static final String[][] ENDPOINT_FIELDS = split(ENDPOINT_DETAIL);
    private static final String[][] TRANSPORT_FIELDS = split(TRANSPORT_DETAIL);

    private PjsipDetailRenderer() {
    }

    private static String[][] split(String text) {
        String[] lines = text.split("\n");
        String[][] out = new String[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            int c = lines[i].indexOf(": ");
            out[i] = new String[] {lines[i].substring(0, c), lines[i].substring(c + 2)};
        }
        return out;
    }

    static String endpoint(WorldState st, String id, String name) {
        if (name == null || name.isEmpty()) {
            return Ami.error(id, "Endpoint parameter missing.");
        }
        Endpoint e = st.endpoints.get(name);
        if (e == null) {
            StringBuilder sb = new StringBuilder(128);
            Ami.kv(sb, "Response", "Error");
            Ami.actionId(sb, id);
            // Asterisk's message ends with "\n" before the CRLF: reproduced byte for byte.
            sb.append("Message: Unable to retrieve endpoint ").append(name).append("\n\r\n\r\n");
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(8192);
        Ami.listStart(sb, id, "Following are Events for each object associated with the Endpoint");
        int items = 0;
        endpointDetail(sb, st, id, e);
        items++;
        if (!e.auths.isEmpty()) {
            auth(sb, id, new OutboundAuth(e.auths, e.name, "pw" + e.name + "-secret"), e.name);
            items++;
        }
        if (!e.outboundAuths.isEmpty()) {
            auth(sb, id, outboundAuth(st, e), e.name);
            items++;
        }
        start(sb, "TransportDetail", id);
        for (String[] f : TRANSPORT_FIELDS) {
            Ami.kv(sb, f[0], f[1]);
        }
        end(sb, e.name);
        items++;
        aorDetail(sb, id, e);
        items++;
        Contact c = e.contact();
        if (c != null) {
            contactDetail(sb, st, id, e, c);
            items++;
        }
        if (e.identifyMatch != null) {
            start(sb, "IdentifyDetail", id);
            Ami.kv(sb, "ObjectType", "identify");
            Ami.kv(sb, "ObjectName", e.name + "-identify");
            Ami.kv(sb, "Match", e.identifyMatch);
            Ami.kv(sb, "MatchRequestUri", "");
            Ami.kv(sb, "SrvLookups", "true");
            Ami.kv(sb, "Endpoint", e.name);
            Ami.kv(sb, "MatchHeader", "");
            end(sb, e.name);
            items++;
        }
        Ami.listComplete(sb, "EndpointDetailComplete", id, items);
        return sb.append("\r\n").toString();
    }

    private static void start(StringBuilder sb, String event, String id) {
        Ami.kv(sb, "Event", event);
        Ami.actionId(sb, id);
    }

    private static void end(StringBuilder sb, String endpoint) {
        Ami.kv(sb, "EndpointName", endpoint);
        sb.append("\r\n");
    }

    private static OutboundAuth outboundAuth(WorldState st, Endpoint e) {
        for (Registration r : st.registrations.values()) {
            if (r.auth != null && r.auth.name().equals(e.outboundAuths)) {
                return r.auth;
            }
        }
        return new OutboundAuth(e.outboundAuths, e.name, e.name + "-secret");
    }

    private static void endpointDetail(StringBuilder sb, WorldState st, String id, Endpoint e) {
        int active = 0;
        for (Chan c : st.channels.values()) {
            if (e.device().equals(c.device)) {
                active++;
            }
        }
        Map<String, String> o = new HashMap<>();
        boolean outbound = !e.outboundAuths.isEmpty();
        Contact sc = e.staticContact;
        o.put("FromDomain", outbound && sc != null ? sc.viaAddr : "");
        o.put("FromUser", outbound ? outboundAuth(st, e).username() : "");
        o.put("Aors", e.aor);
        o.put("Context", e.context);
        o.put("Callerid", e.trunk ? "<unknown>" : "\"" + e.callerName + "\" <" + e.name + ">");
        o.put("Auth", e.auths);
        o.put("OutboundAuth", e.outboundAuths);
        o.put("DeviceState", e.devState.text);
        o.put("ActiveChannels", String.valueOf(active));
        start(sb, "EndpointDetail", id);
        Ami.kv(sb, "ObjectType", "endpoint");
        Ami.kv(sb, "ObjectName", e.name);
        for (String[] f : ENDPOINT_FIELDS) {
            Ami.kv(sb, f[0], o.getOrDefault(f[0], f[1]));
        }
        sb.append("\r\n");
    }

    private static void auth(StringBuilder sb, String id, OutboundAuth a, String endpoint) {
        start(sb, "AuthDetail", id);
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
        end(sb, endpoint);
    }

    private static void aorDetail(StringBuilder sb, String id, Endpoint e) {
        boolean dynamic = e.staticContact == null;
        Contact c = e.contact();
        start(sb, "AorDetail", id);
        Ami.kv(sb, "ObjectType", "aor");
        Ami.kv(sb, "ObjectName", e.aor);
        Ami.kv(sb, "MinimumExpiration", 60);
        Ami.kv(sb, "DefaultExpiration", e.trunk ? 3600 : 120);
        Ami.kv(sb, "QualifyTimeout", e.regQualifyTimeout);
        Ami.kv(sb, "Qualify2xxOnly", "false");
        Ami.kv(sb, "Mailboxes", "");
        Ami.kv(sb, "SupportPath", "false");
        Ami.kv(sb, "RemoveUnavailable", "false");
        Ami.kv(sb, "VoicemailExtension", "");
        Ami.kv(sb, "MaxContacts", dynamic ? 1 : 0);
        Ami.kv(sb, "AuthenticateQualify", "false");
        Ami.kv(sb, "Contacts", c == null ? "" : e.aor + "/" + c.uri);
        Ami.kv(sb, "MaximumExpiration", 7200);
        Ami.kv(sb, "QualifyFrequency", e.regQualifyFrequency);
        Ami.kv(sb, "RemoveExisting", dynamic ? "true" : "false");
        Ami.kv(sb, "OutboundProxy", "");
        Ami.kv(sb, "TotalContacts", c == null ? 0 : 1);
        Ami.kv(sb, "ContactsRegistered", e.dynamicContact == null ? 0 : 1);
        end(sb, e.name);
    }

    private static void contactDetail(StringBuilder sb, WorldState st, String id, Endpoint e, Contact c) {
        start(sb, "ContactStatusDetail", id);
        Ami.kv(sb, "AOR", c.aor);
        Ami.kv(sb, "URI", c.uri);
        Ami.kv(sb, "UserAgent", c.userAgent);
        Ami.kv(sb, "RegExpire", c.dynamic ? st.now() / 1000 + c.expires : 0);
        if (c.dynamic) {
            Ami.kv(sb, "ViaAddress", c.viaAddr + ":" + c.viaPort);
            Ami.kv(sb, "CallID", c.callId);
        }
        Ami.kv(sb, "Status", c.status);
        Ami.kv(sb, "RoundtripUsec", "Reachable".equals(c.status) ? String.valueOf(c.rttUsec) : "N/A");
        Ami.kv(sb, "EndpointName", e.name);
        Ami.kv(sb, "ID", c.dynamic ? c.objectName : c.aor + "@@" + Ami.md5Hex(c.uri));
        Ami.kv(sb, "AuthenticateQualify", 0);
        Ami.kv(sb, "OutboundProxy", "");
        Ami.kv(sb, "Path", "");
        Ami.kv(sb, "QualifyFrequency", c.dynamic ? c.qualifyFrequency : 0);
        Ami.kv(sb, "QualifyTimeout", c.dynamic ? c.qualifyTimeout.substring(0, c.qualifyTimeout.indexOf('.') + 4)
                : "3.000");
        Ami.kv(sb, "Qualify2xxOnly", 0);
        sb.append("\r\n");
    }
}
