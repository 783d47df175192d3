package org.pbxmon.source.ami;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.Registration;
import org.pbxmon.source.ami.wire.AmiMessage;

/**
 * The list-action collectors. Each one is timed as one collector; a failing collector leaves the state
 * it covers as it was and reports success 0, and the others still run. Modules that are not loaded
 * (chan_sip on Asterisk 21+, chan_iax2 when unused) answer "Invalid/unknown command": that collector
 * is remembered as absent for this session and not asked again, with no error and no log spam.
 */
final class AmiSync {
    /** PJSIPShowEndpoint detail is costly per endpoint; only endpoints that need it, at most this many. */
    static final int MAX_DETAIL_QUERIES = 100;
    /** Every collector, in the order a full sync runs them. */
    static final List<String> COLLECTORS = List.of("core", "pjsip_endpoints", "pjsip_registrations", "sip_peers",
            "iax2_peers", "iax2_registrations", "channels", "queues");

    private final AmiConnection conn;
    private final PbxState state;
    private final LongSupplier clock;
    private final long timeoutMs;
    private final Set<String> absent;

    AmiSync(AmiConnection conn, PbxState state, LongSupplier clock, long timeoutMs, Set<String> absentCollectors) {
        this.conn = conn;
        this.state = state;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.absent = absentCollectors;
    }

    /** Thrown by a collector step with a short reason (no secrets). */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /** Runs one collector; null when the PBX lacks its module (the collector is then absent for the session). */
    CollectorResult run(String collector) {
        long t0 = System.nanoTime();
        String error = "";
        try {
            switch (collector) {
                case "core" -> core();
                case "pjsip_endpoints" -> pjsip();
                case "pjsip_registrations" -> registrations();
                case "sip_peers" -> optional("sip_peers", AmiAction.list("SIPpeers"));
                case "iax2_peers" -> iaxPeers();
                case "iax2_registrations" -> iaxRegistrations();
                case "channels" -> channels();
                case "queues" -> queues();
                default -> throw new StepFailed("unknown collector " + collector);
            }
        } catch (StepFailed e) {
            error = e.getMessage();
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (absent.contains(collector)) {
            return null;
        }
        return new CollectorResult(collector, error.isEmpty(), (System.nanoTime() - t0) / 1e9, clock.getAsLong(), error);
    }

    private AmiConnection.Reply send(AmiAction action) throws IOException, StepFailed {
        AmiConnection.Reply r = conn.send(action, timeoutMs);
        if (!r.success()) {
            throw new StepFailed(action.name() + ": " + r.message());
        }
        return r;
    }

    /** A list; an error that only says the list is empty ("No endpoints found") is an empty list. */
    private List<AmiMessage> list(AmiAction action) throws IOException, StepFailed {
        AmiConnection.Reply r = conn.send(action, timeoutMs);
        if (!r.success()) {
            String m = r.message().toLowerCase(Locale.ROOT);
            if (m.startsWith("no ") && m.contains("found")) {
                return List.of();
            }
            throw new StepFailed(action.name() + ": " + r.message());
        }
        return r.events();
    }

    /** The list of an optional module; null when the module is not loaded. */
    private List<AmiMessage> optional(String collector, AmiAction action) throws IOException, StepFailed {
        try {
            return list(action);
        } catch (StepFailed e) {
            if (e.getMessage().contains("Invalid/unknown command")) {
                absent.add(collector);
                return null;
            }
            throw e;
        }
    }

    private void core() throws IOException, StepFailed {
        AmiMessage settings = send(AmiAction.of("CoreSettings")).response();
        AmiMessage status = send(AmiAction.of("CoreStatus")).response();
        long startup = epoch(status.get("CoreStartupDate"), status.get("CoreStartupTime"));
        long reload = epoch(status.get("CoreReloadDate"), status.get("CoreReloadTime"));
        Long processed = AmiEventReducer.parseLong(status.get("CoreProcessedCalls"));
        CoreInfo info = new CoreInfo(nz(settings.get("AsteriskVersion")), nz(settings.get("AMIversion")), startup,
                reload, processed == null ? 0 : processed);
        state.change(s -> s.core = info);
    }

    private void pjsip() throws IOException, StepFailed {
        List<EndpointTracker.PjsipRow> rows = new ArrayList<>();
        for (AmiMessage e : list(AmiAction.list("PJSIPShowEndpoints"))) {
            String name = e.get("ObjectName");
            if (e.isEvent("EndpointList") && name != null) {
                rows.add(new EndpointTracker.PjsipRow(name, !blank(e.get("Auths")), !blank(e.get("OutboundAuths")),
                        e.get("DeviceState"), contactUris(e.get("Contacts"))));
            }
        }
        Map<String, Map<String, EndpointTracker.Contact>> contacts = new HashMap<>();
        for (AmiMessage c : list(AmiAction.list("PJSIPShowContacts"))) {
            String endpoint = c.get("Endpoint");
            String uri = c.get("Uri");
            if (c.isEvent("ContactList") && endpoint != null && uri != null) {
                EndpointState st = PeerStatusParser.contactStatus(c.get("Status"));
                contacts.computeIfAbsent(endpoint, k -> new HashMap<>())
                        .put(uri, new EndpointTracker.Contact(st, rtt(st, c.get("RoundtripUsec"))));
            }
        }
        List<String> need = new ArrayList<>();
        state.change(s -> {
            s.endpoints.replacePjsip(rows, contacts);
            need.addAll(s.endpoints.needDetail(contacts.keySet()));
        });
        for (String name : need.subList(0, Math.min(need.size(), MAX_DETAIL_QUERIES))) {
            try {
                detail(name);
            } catch (StepFailed e) {
                // one endpoint gone between the list and its detail: it keeps what it had
            }
        }
    }

    private void detail(String endpoint) throws IOException, StepFailed {
        boolean identify = false;
        Map<String, EndpointTracker.Contact> contacts = new HashMap<>();
        for (AmiMessage e : list(AmiAction.list("PJSIPShowEndpoint").with("Endpoint", endpoint))) {
            if (e.isEvent("IdentifyDetail")) {
                identify = true;
            } else if (e.isEvent("ContactStatusDetail") && e.get("URI") != null) {
                EndpointState st = PeerStatusParser.contactStatus(e.get("Status"));
                contacts.put(e.get("URI"), new EndpointTracker.Contact(st, rtt(st, e.get("RoundtripUsec"))));
            }
        }
        boolean id = identify;
        state.change(s -> s.endpoints.endpointDetail(endpoint, id, contacts));
    }

    private void registrations() throws IOException, StepFailed {
        List<Registration> regs = new ArrayList<>();
        for (AmiMessage r : list(AmiAction.list("PJSIPShowRegistrationsOutbound"))) {
            String name = r.get("ObjectName");
            if (r.isEvent("OutboundRegistrationDetail") && name != null) {
                regs.add(new Registration("PJSIP", name, nz(r.get("ClientUri")), nz(r.get("ServerUri")),
                        nz(r.get("Status")), nz(r.get("Endpoint"))));
            }
        }
        state.change(s -> s.endpoints.replaceRegistrations("PJSIP", regs));
    }

    private void iaxPeers() throws IOException, StepFailed {
        List<AmiMessage> events = optional("iax2_peers", AmiAction.list("IAXpeerlist"));
        if (events == null) {
            return;
        }
        List<EndpointTracker.IaxRow> rows = new ArrayList<>();
        for (AmiMessage p : events) {
            String name = p.get("ObjectName");
            if (p.isEvent("PeerEntry") && name != null) {
                String ip = p.get("IPaddress");
                String port = p.get("Port");
                String hostPort = ip == null || ip.equals("(null)") || port == null || port.equals("(null)") ? ""
                        : ip + ":" + port;
                String status = blank(p.get("Status")) ? "UNKNOWN" : p.get("Status");
                rows.add(new EndpointTracker.IaxRow(name, status, Boolean.TRUE.equals(AmiEventReducer.parseBool(p.get("Dynamic"))),
                        Boolean.TRUE.equals(AmiEventReducer.parseBool(p.get("Trunk"))), hostPort));
            }
        }
        state.change(s -> s.endpoints.replaceIax(rows));
    }

    /** IAXregistry: one RegistryEntry per "register =>" line, with Host (host:port), Username and State. */
    private void iaxRegistrations() throws IOException, StepFailed {
        List<AmiMessage> events = optional("iax2_registrations", AmiAction.list("IAXregistry"));
        if (events == null) {
            return;
        }
        List<Registration> regs = new ArrayList<>();
        for (AmiMessage r : events) {
            String host = r.get("Host");
            String user = r.get("Username");
            if (r.isEvent("RegistryEntry") && host != null && user != null) {
                regs.add(new Registration("IAX2", user + "@" + host, user, host, nz(r.get("State")), ""));
            }
        }
        state.change(s -> s.endpoints.replaceRegistrations("IAX2", regs));
    }

    private void channels() throws IOException, StepFailed {
        List<ChannelTracker.Row> rows = new ArrayList<>();
        for (AmiMessage c : list(AmiAction.list("CoreShowChannels"))) {
            String id = c.get("Uniqueid");
            if (c.isEvent("CoreShowChannel") && id != null) {
                rows.add(new ChannelTracker.Row(id, nz(c.get("Channel")), c.get("Linkedid"),
                        PeerStatusParser.hms(c.get("Duration")), c.get("BridgeId"), c.get("CallerIDNum"),
                        c.get("Exten"), AmiEventReducer.stateLabel(c.get("ChannelStateDesc"))));
            }
        }
        long now = clock.getAsLong();
        java.util.Set<String> live = new java.util.HashSet<>();
        for (ChannelTracker.Row r : rows) {
            live.add(r.uniqueId());
        }
        state.change(s -> {
            s.channels.replace(rows, now);
            s.calls.retain(live, now);
        });
    }

    private void queues() throws IOException, StepFailed {
        List<String> names = new ArrayList<>();
        List<QueueTracker.MemberRow> members = new ArrayList<>();
        List<QueueTracker.EntryRow> entries = new ArrayList<>();
        List<AmiMessage> events = optional("queues", AmiAction.list("QueueStatus"));
        if (events == null) {
            return;
        }
        for (AmiMessage e : events) {
            String queue = e.get("Queue");
            if (queue == null) {
                continue;
            }
            if (e.isEvent("QueueParams")) {
                names.add(queue);
            } else if (e.isEvent("QueueMember")) {
                String iface = e.get("Interface") != null ? e.get("Interface") : e.get("Location");
                if (iface != null) {
                    members.add(new QueueTracker.MemberRow(queue, iface, AmiEventReducer.parseInt(e.get("Status")),
                            Boolean.TRUE.equals(AmiEventReducer.parseBool(e.get("Paused")))));
                }
            } else if (e.isEvent("QueueEntry") && e.get("Uniqueid") != null) {
                Long wait = AmiEventReducer.parseLong(e.get("Wait"));
                entries.add(new QueueTracker.EntryRow(queue, e.get("Uniqueid"), wait == null ? 0 : wait));
            }
        }
        long now = clock.getAsLong();
        state.change(s -> s.queues.replace(names, members, entries, now));
    }

    /** "102/sip:102@127.0.0.1:5070," to ["sip:102@127.0.0.1:5070"]. */
    static List<String> contactUris(String contacts) {
        if (blank(contacts)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : contacts.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            out.add(slash >= 0 ? p.substring(slash + 1) : p);
        }
        return out;
    }

    private static Double rtt(EndpointState st, String usec) {
        Long v = AmiEventReducer.parseLong(usec);
        return st == EndpointState.UP && v != null && v > 0 ? v / 1_000_000.0 : null;
    }

    /** CoreStatus dates are the PBX's local time; the agent runs beside the PBX, in its zone. */
    static long epoch(String date, String time) {
        if (blank(date) || blank(time)) {
            return 0;
        }
        try {
            return LocalDate.parse(date.trim()).atTime(LocalTime.parse(time.trim()))
                    .atZone(ZoneId.systemDefault()).toEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
