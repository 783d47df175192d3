package org.pbxmon.source.ami;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.asteriskjava.manager.action.CoreSettingsAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.CoreStatusAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.IaxPeerListAction;
import org.asteriskjava.manager.action.PJSipShowContactsAction;
import org.asteriskjava.manager.action.PJSipShowEndpointAction;
import org.asteriskjava.manager.action.PJSipShowEndpointsAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.action.SipPeersAction;
import org.asteriskjava.manager.event.ContactList;
import org.asteriskjava.manager.event.ContactStatusDetail;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.EndpointList;
import org.asteriskjava.manager.event.PeerEntryEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.CoreSettingsResponse;
import org.asteriskjava.manager.response.CoreStatusResponse;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.Registration;

/**
 * A full resync: every list action, each timed as one collector. A failing collector leaves the
 * state it covers as it was and reports success 0; the others still run. Modules that are not
 * loaded (chan_sip on Asterisk 21+, chan_iax2 when unused) answer "Invalid/unknown command": they
 * are remembered as absent for this session and not asked again, with no error and no log spam.
 */
final class AmiSync {
    /** PJSIPShowEndpoint detail is costly per endpoint; only endpoints that need it, at most this many. */
    static final int MAX_DETAIL_QUERIES = 100;

    private final PbxManagerConnection conn;
    private final PbxState state;
    private final LongSupplier clock;
    private final long timeoutMs;
    private final Set<String> absentModules;

    AmiSync(PbxManagerConnection conn, PbxState state, LongSupplier clock, long timeoutMs, Set<String> absentModules) {
        this.conn = conn;
        this.state = state;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.absentModules = absentModules;
    }

    /** Thrown by a collector step with a short reason (no secrets). */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    List<CollectorResult> run() {
        List<CollectorResult> out = new ArrayList<>();
        out.add(time("core", this::core));
        out.add(time("pjsip_endpoints", this::pjsip));
        out.add(time("pjsip_registrations", this::registrations));
        if (!absentModules.contains("sip")) {
            CollectorResult r = time("sip_peers", this::sipPeers);
            if (!absentModules.contains("sip")) {
                out.add(r);
            }
        }
        if (!absentModules.contains("iax2")) {
            CollectorResult r = time("iax2_peers", this::iaxPeers);
            if (!absentModules.contains("iax2")) {
                out.add(r);
            }
        }
        out.add(time("channels", this::channels));
        out.add(time("queues", this::queues));
        return out;
    }

    private CollectorResult time(String name, Step step) {
        long t0 = System.nanoTime();
        String error = "";
        try {
            step.run();
        } catch (StepFailed e) {
            error = e.getMessage();
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new CollectorResult(name, error.isEmpty(), secs, clock.getAsLong(), error);
    }

    private ManagerResponse send(org.asteriskjava.manager.action.ManagerAction action) throws Exception {
        ManagerResponse r = conn.sendAction(action, timeoutMs);
        if (r instanceof ManagerError) {
            throw new StepFailed(action.getAction() + ": " + r.getMessage());
        }
        return r;
    }

    private List<ResponseEvent> list(EventGeneratingAction action) throws Exception {
        var events = conn.sendEventGeneratingAction(action, timeoutMs);
        ManagerResponse r = events.getResponse();
        if (r instanceof ManagerError) {
            throw new StepFailed(action.getAction() + ": " + r.getMessage());
        }
        return new ArrayList<>(events.getEvents());
    }

    /** The list action for an optional module; null when the module is not loaded. */
    private List<ResponseEvent> optionalList(EventGeneratingAction action, String module) throws Exception {
        try {
            return list(action);
        } catch (StepFailed e) {
            if (e.getMessage().contains("Invalid/unknown command")) {
                absentModules.add(module);
                return null;
            }
            throw e;
        }
    }

    private void core() throws Exception {
        CoreSettingsResponse settings = (CoreSettingsResponse) send(new CoreSettingsAction());
        CoreStatusResponse status = (CoreStatusResponse) send(new CoreStatusAction());
        long startup = epoch(status.getCoreStartupDate(), status.getCoreStartupTime());
        long reload = epoch(status.getCoreReloadDate(), status.getCoreReloadTime());
        CoreInfo info = new CoreInfo(nz(settings.getAsteriskVersion()), nz(settings.getAmiVersion()), startup, reload, 0);
        state.change(s -> s.core = info);
    }

    private void pjsip() throws Exception {
        List<EndpointTracker.PjsipRow> rows = new ArrayList<>();
        for (ResponseEvent e : list(new PJSipShowEndpointsAction())) {
            if (e instanceof EndpointList ep && ep.getObjectName() != null) {
                rows.add(new EndpointTracker.PjsipRow(ep.getObjectName(), !blank(ep.getAuths()),
                        !blank(ep.getOutboundAuths()), ep.getDevicestate(), contactUris(ep.getContacts())));
            }
        }
        Map<String, Map<String, EndpointTracker.Contact>> contacts = new HashMap<>();
        for (ResponseEvent e : list(new PJSipShowContactsAction())) {
            if (e instanceof ContactList c && c.getEndpoint() != null) {
                EndpointState st = c.getStatus() == null ? EndpointState.UNKNOWN
                        : PeerStatusParser.contactStatus(c.getStatus().name());
                contacts.computeIfAbsent(c.getEndpoint(), k -> new HashMap<>())
                        .put(c.getUri(), new EndpointTracker.Contact(st, rtt(st, c.getRoundtripusec())));
            }
        }
        List<String> need = new ArrayList<>();
        state.change(s -> {
            s.endpoints.replacePjsip(rows, contacts);
            need.addAll(s.endpoints.needDetail(contacts.keySet()));
        });
        for (String name : need.subList(0, Math.min(need.size(), MAX_DETAIL_QUERIES))) {
            detail(name);
        }
    }

    private void detail(String endpoint) throws Exception {
        PJSipShowEndpointAction action = new PJSipShowEndpointAction();
        action.setEndpoint(endpoint);
        boolean identify = false;
        Map<String, EndpointTracker.Contact> contacts = new HashMap<>();
        for (ResponseEvent e : list(action)) {
            if (e instanceof IdentifyDetailEvent) {
                identify = true;
            } else if (e instanceof ContactStatusDetail c && c.getUri() != null) {
                EndpointState st = PeerStatusParser.contactStatus(c.getStatus());
                contacts.put(c.getUri(), new EndpointTracker.Contact(st, rtt(st, c.getRoundtripUsec())));
            }
        }
        boolean id = identify;
        state.change(s -> s.endpoints.endpointDetail(endpoint, id, contacts));
    }

    private void registrations() throws Exception {
        List<Registration> regs = new ArrayList<>();
        for (ResponseEvent e : list(new PJSipShowRegistrationsOutboundAction())) {
            if (e instanceof OutboundRegistrationDetailEvent r && r.getObjectName() != null) {
                regs.add(new Registration("PJSIP", r.getObjectName(), nz(r.getClientUri()), nz(r.getServerUri()),
                        nz(r.getStatus()), nz(r.getEndpoint())));
            }
        }
        state.change(s -> s.endpoints.replaceRegistrations("PJSIP", regs));
    }

    private void sipPeers() throws Exception {
        // chan_sip was removed in Asterisk 21; where it still exists its peers are not modelled yet,
        // so the call only learns whether the module is there.
        optionalList(new SipPeersAction(), "sip");
    }

    private void iaxPeers() throws Exception {
        List<ResponseEvent> events = optionalList(new IaxPeerListAction(), "iax2");
        if (events == null) {
            return;
        }
        List<EndpointTracker.IaxRow> rows = new ArrayList<>();
        for (ResponseEvent e : events) {
            if (e instanceof PeerEntryEvent p && p.getObjectName() != null) {
                String ip = p.getIpAddress();
                String hostPort = ip == null || ip.equals("(null)") || p.getPort() == null ? "" : ip + ":" + p.getPort();
                // asterisk-java turns the literal "UNKNOWN" (a peer that never registered) into null
                String status = p.getStatus() == null ? "UNKNOWN" : p.getStatus();
                rows.add(new EndpointTracker.IaxRow(p.getObjectName(), status, Boolean.TRUE.equals(p.getDynamic()),
                        Boolean.TRUE.equals(p.getTrunk()), hostPort));
            }
        }
        state.change(s -> s.endpoints.replaceIax(rows));
    }

    private void channels() throws Exception {
        List<ChannelTracker.Row> rows = new ArrayList<>();
        for (ResponseEvent e : list(new CoreShowChannelsAction())) {
            if (e instanceof CoreShowChannelEvent c && c.getUniqueid() != null) {
                rows.add(new ChannelTracker.Row(c.getUniqueid(), nz(c.getChannel()), c.getLinkedid(),
                        PeerStatusParser.hms(c.getDuration()), c.getBridgeid()));
            }
        }
        long now = clock.getAsLong();
        state.change(s -> s.channels.replace(rows, now));
    }

    private void queues() throws Exception {
        List<String> names = new ArrayList<>();
        List<QueueTracker.MemberRow> members = new ArrayList<>();
        List<QueueTracker.EntryRow> entries = new ArrayList<>();
        for (ResponseEvent e : list(new QueueStatusAction())) {
            if (e instanceof QueueParamsEvent q) {
                names.add(q.getQueue());
            } else if (e instanceof QueueMemberEvent m) {
                String iface = m.getInterface() != null ? m.getInterface() : m.getLocation();
                members.add(new QueueTracker.MemberRow(m.getQueue(), iface, m.getStatus(), Boolean.TRUE.equals(m.getPaused())));
            } else if (e instanceof QueueEntryEvent q) {
                entries.add(new QueueTracker.EntryRow(q.getQueue(), q.getUniqueId(), q.getWait() == null ? 0 : q.getWait()));
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
        for (String part : Arrays.asList(contacts.split(","))) {
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

    static Set<String> newModuleSet() {
        return java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    static Set<String> copy(Set<String> s) {
        return new HashSet<>(s);
    }
}
