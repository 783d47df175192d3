package org.pbxmon.source.ami;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.Registration;

/**
 * Live PJSIP endpoints with their contacts, IAX2 peers, and outbound registrations. Not thread-safe:
 * {@link PbxState} guards it.
 */
final class EndpointTracker {

    record Contact(EndpointState state, Double rttSeconds) {
    }

    /** One row of PJSIPShowEndpoints. */
    record PjsipRow(String name, boolean inboundAuth, boolean outboundAuth, String deviceState,
            List<String> contactUris) {
    }

    /** One row of IAXpeerlist. */
    record IaxRow(String name, String status, boolean dynamic, boolean trunk, String hostPort) {
    }

    static final class Pjsip {
        final String name;
        boolean inboundAuth;
        boolean outboundAuth;
        boolean identify;
        String deviceState = "";
        final Map<String, Contact> contacts = new HashMap<>();
        /** Contact URIs without scheme and parameters: "user@host:port" or "host:port". */
        final Set<String> targets = new HashSet<>();

        Pjsip(String name) {
            this.name = name;
        }
    }

    static final class Iax {
        final String name;
        EndpointState state = EndpointState.UNKNOWN;
        Double rtt;
        boolean dynamic;
        boolean trunk;
        String hostPort = "";

        Iax(String name) {
            this.name = name;
        }
    }

    private final Map<String, Pjsip> pjsip = new HashMap<>();
    private final Map<String, Iax> iax = new HashMap<>();
    private final Map<String, Registration> registrations = new LinkedHashMap<>();

    // ---- initial sync / resync

    void replacePjsip(List<PjsipRow> rows, Map<String, Map<String, Contact>> contactsByEndpoint) {
        Map<String, Pjsip> old = new HashMap<>(pjsip);
        pjsip.clear();
        for (PjsipRow row : rows) {
            Pjsip e = new Pjsip(row.name());
            e.inboundAuth = row.inboundAuth();
            e.outboundAuth = row.outboundAuth();
            e.deviceState = row.deviceState() == null ? "" : row.deviceState();
            for (String uri : row.contactUris()) {
                e.targets.add(target(uri));
            }
            Pjsip before = old.get(row.name());
            if (before != null) {
                e.identify = before.identify;
                // static contacts are not in PJSIPShowContacts; keep what events or details told us
                for (Map.Entry<String, Contact> c : before.contacts.entrySet()) {
                    if (row.contactUris().contains(c.getKey())) {
                        e.contacts.put(c.getKey(), c.getValue());
                    }
                }
            }
            e.contacts.putAll(contactsByEndpoint.getOrDefault(row.name(), Map.of()));
            pjsip.put(e.name, e);
        }
    }

    /** Detail from PJSIPShowEndpoint: identify match and static contact status. */
    void endpointDetail(String name, boolean identify, Map<String, Contact> contacts) {
        Pjsip e = pjsip.get(name);
        if (e == null) {
            return;
        }
        e.identify = identify;
        e.contacts.putAll(contacts);
    }

    /** Endpoints whose state PJSIPShowContacts cannot tell: no inbound auth, or static contacts. */
    List<String> needDetail(Set<String> registeredContactEndpoints) {
        List<String> out = new ArrayList<>();
        for (Pjsip e : pjsip.values()) {
            boolean staticContacts = !e.targets.isEmpty() && !registeredContactEndpoints.contains(e.name);
            if (!e.inboundAuth || staticContacts) {
                out.add(e.name);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    void replaceIax(List<IaxRow> rows) {
        iax.clear();
        for (IaxRow row : rows) {
            Iax p = new Iax(row.name());
            PeerStatusParser.Parsed parsed = PeerStatusParser.listStatus(row.status());
            p.state = parsed.state();
            p.rtt = parsed.rttSeconds();
            p.dynamic = row.dynamic();
            p.trunk = row.trunk();
            p.hostPort = row.hostPort() == null ? "" : row.hostPort();
            iax.put(p.name, p);
        }
    }

    void replaceRegistrations(String technology, List<Registration> regs) {
        registrations.values().removeIf(r -> r.technology().equals(technology));
        for (Registration r : regs) {
            registrations.put(key(r.technology(), r.name()), r);
        }
    }

    // ---- live events

    /** ContactStatus event. Returns false when the endpoint is not known (a resync will add it). */
    boolean contactStatus(String endpoint, String uri, String status, Long rttUsec) {
        Pjsip e = pjsip.get(endpoint);
        if (e == null) {
            return false;
        }
        if ("Removed".equalsIgnoreCase(status)) {
            e.contacts.remove(uri);
            return true;
        }
        EndpointState st = PeerStatusParser.contactStatus(status);
        Contact prev = e.contacts.get(uri);
        boolean carried = "Created".equalsIgnoreCase(status) || "Updated".equalsIgnoreCase(status);
        if (carried) {
            st = prev == null ? EndpointState.UNKNOWN : prev.state();
        }
        Double rtt = null;
        if (st == EndpointState.UP) {
            // a measured RTT replaces the last one; an event without one (or a carried state) keeps it
            rtt = !carried && rttUsec != null && rttUsec > 0 ? Double.valueOf(rttUsec / 1_000_000.0)
                    : prev == null ? null : prev.rttSeconds();
        }
        e.contacts.put(uri, new Contact(st, rtt));
        e.targets.add(target(uri));
        return true;
    }

    /** PeerStatus event for IAX2 or SIP peers (PJSIP peers are tracked by ContactStatus). */
    void peerStatus(String technology, String peer, String peerStatus, Integer timeMs) {
        if (!"IAX2".equalsIgnoreCase(technology)) {
            return;
        }
        String name = peer.contains("/") ? peer.substring(peer.indexOf('/') + 1) : peer;
        Iax p = iax.computeIfAbsent(name, Iax::new);
        p.state = PeerStatusParser.peerStatusEvent(peerStatus);
        boolean answers = p.state == EndpointState.UP || p.state == EndpointState.LAGGED;
        p.rtt = !answers ? null : timeMs != null && timeMs >= 0 ? Double.valueOf(timeMs / 1000.0) : p.rtt;
    }

    void deviceState(String device, String state) {
        if (device == null || !device.startsWith("PJSIP/")) {
            return;
        }
        Pjsip e = pjsip.get(device.substring(6));
        if (e != null) {
            e.deviceState = state == null ? "" : state;
        }
    }

    /** Registry event: PJSIP matches by client URI, IAX2 by user and host:port. */
    void registry(String technology, String username, String domain, String status) {
        String tech = technology == null ? "" : technology.toUpperCase(java.util.Locale.ROOT);
        for (Map.Entry<String, Registration> en : registrations.entrySet()) {
            Registration r = en.getValue();
            if (r.technology().equals(tech) && r.clientUri().equals(username)
                    && (domain == null || r.serverUri().equals(domain))) {
                en.setValue(new Registration(r.technology(), r.name(), r.clientUri(), r.serverUri(), status, r.endpoint()));
                return;
            }
        }
        if ("IAX2".equals(tech)) {
            String name = username + "@" + domain;
            registrations.put(key(tech, name), new Registration(tech, name, username, domain, status, ""));
        }
    }

    // ---- snapshot

    List<Endpoint> endpoints(TrunkClassifier classifier, Map<String, Integer> channelsByDevice) {
        // a registration serves the endpoint it names, or the endpoint whose contact is its server
        Set<String> regTargets = new HashSet<>();
        Set<String> regEndpoints = new HashSet<>();
        for (Registration r : registrations.values()) {
            regTargets.add(r.technology().equals("IAX2") ? hostPort(r.serverUri()) : target(r.serverUri()));
            if (!r.endpoint().isEmpty()) {
                regEndpoints.add(r.endpoint());
            }
        }
        List<Endpoint> out = new ArrayList<>(pjsip.size() + iax.size());
        for (Pjsip e : pjsip.values()) {
            boolean reg = regEndpoints.contains(e.name) || e.targets.stream().anyMatch(regTargets::contains);
            TrunkClassifier.Verdict v = classifier.classify(
                    new TrunkClassifier.Facts(e.name, reg, e.outboundAuth, e.identify, false, false));
            EndpointState st = EndpointState.DOWN;
            Double rtt = null;
            boolean anyUnknown = false;
            for (Contact c : e.contacts.values()) {
                if (c.state() == EndpointState.UP) {
                    st = EndpointState.UP;
                    if (c.rttSeconds() != null && (rtt == null || c.rttSeconds() < rtt)) {
                        rtt = c.rttSeconds();
                    }
                } else if (c.state() == EndpointState.UNKNOWN) {
                    anyUnknown = true;
                }
            }
            if (st != EndpointState.UP && anyUnknown) {
                st = EndpointState.UNKNOWN;
            }
            out.add(new Endpoint("PJSIP", e.name, v.kind(), v.reason(), st, rtt, e.deviceState, e.contacts.size(),
                    channelsByDevice.getOrDefault("PJSIP/" + e.name, 0), classifier.capacity(e.name)));
        }
        for (Iax p : iax.values()) {
            boolean reg = !p.hostPort.isEmpty() && regTargets.contains(p.hostPort);
            TrunkClassifier.Verdict v = classifier.classify(
                    new TrunkClassifier.Facts(p.name, reg, false, false, p.trunk, !p.dynamic));
            out.add(new Endpoint("IAX2", p.name, v.kind(), v.reason(), p.state, p.rtt, "", 0,
                    channelsByDevice.getOrDefault("IAX2/" + p.name, 0), classifier.capacity(p.name)));
        }
        out.sort(Comparator.comparing(Endpoint::technology).thenComparing(Endpoint::name));
        return out;
    }

    List<Registration> registrations() {
        List<Registration> out = new ArrayList<>(registrations.values());
        out.sort(Comparator.comparing(Registration::technology).thenComparing(Registration::name));
        return out;
    }

    boolean hasPjsip(String name) {
        return pjsip.containsKey(name);
    }

    private static String key(String tech, String name) {
        return tech + "/" + name;
    }

    /** "sip:user@127.0.0.1:5070;transport=udp" to "user@127.0.0.1:5070". */
    static String target(String uri) {
        if (uri == null) {
            return "";
        }
        String s = uri.trim();
        if (s.startsWith("sip:") || s.startsWith("sips:")) {
            s = s.substring(s.indexOf(':') + 1);
        }
        int semi = s.indexOf(';');
        return semi >= 0 ? s.substring(0, semi) : s;
    }

    /** "sip:user@127.0.0.1:5070;transport=udp" to "127.0.0.1:5070". */
    static String hostPort(String uri) {
        if (uri == null) {
            return "";
        }
        String s = uri.trim();
        int colon = s.indexOf(':');
        if (s.startsWith("sip:") || s.startsWith("sips:")) {
            s = s.substring(colon + 1);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        int semi = s.indexOf(';');
        if (semi >= 0) {
            s = s.substring(0, semi);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return s;
    }
}
