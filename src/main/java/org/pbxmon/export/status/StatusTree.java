package org.pbxmon.export.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;
import org.pbxmon.model.SnapshotStore;

/**
 * Builds the /status JSON tree from the snapshots, in the shape of the Itgrix status API: {@code app}
 * with {@code version}, {@code master.general} and one entry per PBX under {@code pbx}, and
 * {@code instance}. {@link #select} implements {@code ?path=a.b.c}.
 */
public final class StatusTree {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnapshotStore store;
    private final AgentInfo agent;
    private AppStatus lastStatus;
    private long statusSinceMs;

    public StatusTree(SnapshotStore store, AgentInfo agent) {
        this.store = store;
        this.agent = agent;
        this.statusSinceMs = agent.startedEpochMs();
    }

    public ObjectNode build() {
        long now = System.currentTimeMillis();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode app = root.putObject("app");
        app.put("version", "pbxmon v" + agent.version());
        ObjectNode general = app.putObject("master").putObject("general");
        AppStatus st = status(now);
        general.put("app_err", st.err());
        general.put("app_state", st.state());
        general.put("app_status", st.status());
        general.put("app_status_updated", format(statusSinceMs));
        ObjectNode pbxes = app.putObject("pbx");
        for (PbxSnapshot s : store.all()) {
            ObjectNode pn = pbxes.putObject(s.name());
            pbx(pn, s, now);
            QualityNode.render(pn, s);
            CelNode.render(pn, store.cel(s.name()));
        }
        ProbeNode.render(app, store.probes(), now);
        IncidentNode.render(app, store.incidents());
        ObjectNode inst = root.putObject("instance");
        inst.put("config", agent.configPath());
        inst.put("log", agent.log());
        inst.put("started", format(agent.startedEpochMs()));
        inst.put("instance_id", agent.instanceId());
        return root;
    }

    private synchronized AppStatus status(long now) {
        AppStatus st = AppStatus.of(store.all(), store.probes(), store.allCel(), now);
        if (lastStatus == null || !lastStatus.equals(st)) {
            if (lastStatus != null) {
                statusSinceMs = now;
            }
            lastStatus = st;
        }
        return st;
    }

    /**
     * {@code app.pbx.<name>}. {@code live} is {@link PbxSnapshot#live()}; while it is false (AMI session
     * down, or its first sync not finished) every live value is null, never 0 or the last value:
     * {@code core.uptime}, {@code core.last_reload}, {@code calls.*} but {@code processed} (a counter),
     * {@code endpoints.total} (with no per-state count), the counts of {@code trunks}, and the maps
     * {@code trunks.list}, {@code trunks.registrations_detail} and {@code queues}. The AMI session
     * facts, the core version and the collectors stay.
     */
    private static void pbx(ObjectNode n, PbxSnapshot s, long now) {
        boolean live = s.live();
        n.put("source", s.source());
        n.put("on", true);
        n.put("live", live);
        ObjectNode ami = n.putObject("ami");
        ami.put("on", true);
        ami.put("logged_in", s.ami().connected());
        ami.put("synced", s.ami().synced());
        ami.put("pending_actions", s.ami().pendingActions());
        ami.put("reconnects", s.ami().reconnects());
        ami.put("resyncs", s.ami().resyncs());
        ami.put("last_event", s.ami().lastEventEpochMs() == 0 ? "" : format(s.ami().lastEventEpochMs()));
        ami.put("events", s.ami().eventsTotal());
        ami.put("events_dropped", s.ami().eventsDropped());
        ami.put("malformed_frames", s.ami().malformedTotal());
        ami.put("err", s.ami().lastError().isEmpty() ? "<nil>" : s.ami().lastError());
        ObjectNode core = n.putObject("core");
        core.put("version", s.core().version());
        core.put("ami_version", s.core().amiVersion());
        age(core, "uptime", live, now, s.core().startupEpochSeconds());
        age(core, "last_reload", live, now, s.core().reloadEpochSeconds());
        ObjectNode calls = n.putObject("calls");
        known(calls, "channels", live, s.calls().channels());
        known(calls, "active", live, s.calls().calls());
        calls.put("processed", s.calls().callsProcessed());
        known(calls, "longest_seconds", live, Math.round(s.calls().longestCallSeconds()));
        known(calls, "stuck", live, s.calls().stuckCalls());
        known(calls, "bridges", live, s.calls().bridges());
        if (live) {
            endpoints(n, s);
            queues(n.putObject("queues"), s);
        } else {
            n.putObject("trunks").putNull("count").putNull("registrations").putNull("registered")
                    .putNull("unregistered").putNull("list").putNull("registrations_detail");
            n.putObject("endpoints").putNull("total");
            n.putNull("queues");
        }
        ObjectNode collectors = n.putObject("collectors");
        for (CollectorResult c : s.collectors()) {
            ObjectNode cn = collectors.putObject(c.collector());
            cn.put("success", c.success());
            cn.put("duration_seconds", c.durationSeconds());
            cn.put("err", c.error().isEmpty() ? "<nil>" : c.error());
        }
    }

    private static void known(ObjectNode n, String key, boolean known, long value) {
        if (known) {
            n.put(key, value);
        } else {
            n.putNull(key);
        }
    }

    /** Seconds since {@code epochSeconds}; null when not live or the time is not known (0). */
    private static void age(ObjectNode n, String key, boolean live, long nowMs, long epochSeconds) {
        known(n, key, live && epochSeconds > 0, nowMs / 1000 - epochSeconds);
    }

    private static void queues(ObjectNode queues, PbxSnapshot s) {
        for (QueueState q : s.queues()) {
            ObjectNode qn = queues.putObject(q.name());
            qn.put("callers", q.callers());
            qn.put("longest_wait_seconds", Math.round(q.longestWaitSeconds()));
            qn.put("members", q.members());
            qn.put("available", q.available());
            qn.set("members_by_state", JSON.valueToTree(q.membersByState()));
        }
    }

    private static void endpoints(ObjectNode n, PbxSnapshot s) {
        Map<String, Integer> byKindState = new TreeMap<>();
        ObjectNode trunks = n.putObject("trunks");
        ObjectNode list = JSON.createObjectNode();
        int trunkCount = 0;
        for (Endpoint e : s.endpoints()) {
            byKindState.merge(e.kind().label() + "_" + e.state().label(), 1, Integer::sum);
            if (e.kind() == EndpointKind.TRUNK) {
                trunkCount++;
                ObjectNode t = list.putObject(e.technology() + "/" + e.name());
                t.put("state", e.state().label());
                t.put("reason", e.kindReason());
                t.put("channels", e.channels());
                if (e.capacity() != null) {
                    t.put("capacity_channels", e.capacity());
                }
                for (org.pbxmon.model.TrunkQuality tq : s.quality().trunks()) {
                    if (tq.tenant() == null && tq.trunk().equals(e.name())) {
                        QualityNode.now(t.putObject("quality"), tq, s.quality().rtcpSeen());
                        QualityNode.kpis(t.putObject("last_1h"), tq.last1h());
                    }
                }
            }
        }
        ObjectNode eps = n.putObject("endpoints");
        eps.put("total", s.endpoints().size());
        byKindState.forEach(eps::put);
        long registered = s.registrations().stream().filter(Registration::registered).count();
        trunks.put("count", trunkCount);
        trunks.put("registrations", s.registrations().size());
        trunks.put("registered", registered);
        trunks.put("unregistered", s.registrations().size() - registered);
        trunks.set("list", list);
        ObjectNode regs = trunks.putObject("registrations_detail");
        for (Registration r : s.registrations()) {
            regs.put(r.technology() + "/" + r.name(), r.status());
        }
    }

    /** The node at a dotted path, or null when there is none. An empty path is the whole tree. */
    public static JsonNode select(JsonNode root, String path) {
        if (path == null || path.isEmpty()) {
            return root;
        }
        JsonNode n = root;
        for (String part : path.split("\\.", -1)) {
            if (n == null || !n.isObject() || part.isEmpty()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    static String format(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs).atZone(ZoneId.systemDefault()));
    }
}
