package org.pbxmon.export.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.List;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;
import org.pbxmon.model.ReloadStats;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;
import org.pbxmon.model.SnapshotStore;

/**
 * Renders the published snapshots as Prometheus metrics at scrape time. It only reads immutable
 * snapshots, so a scrape costs no AMI round trip, and it catches its own failures so that a bad
 * snapshot can never turn a scrape into a 500.
 */
final class SnapshotCollector implements MultiCollector {
    private static final String[] STATES = {"up", "lagged", "down", "unknown"};

    private final SnapshotStore store;
    private final AgentInfo agent;
    SnapshotCollector(SnapshotStore store, AgentInfo agent) {
        this.store = store;
        this.agent = agent;
    }

    /** The last full rendering and the snapshots it was made from (by identity). */
    private record Rendered(List<PbxSnapshot> from, List<ProbeStatus> probes, List<CelStatus> cel, ReloadStats reloads,
            Map<String, Long> suppressed, IncidentsView incidents, MetricSnapshots metrics) {
        boolean isOf(SnapshotStore store) {
            return isOf(List.copyOf(store.all()), List.copyOf(store.probes()), List.copyOf(store.allCel()),
                    store.reloads(), store.suppressedLogLines(), store.incidents());
        }

        boolean isOf(List<PbxSnapshot> now, List<ProbeStatus> probes, List<CelStatus> cel, ReloadStats reloads,
                Map<String, Long> suppressed, IncidentsView incidents) {
            return sameSnapshots(from, now) && sameSnapshots(this.probes, probes) && sameSnapshots(this.cel, cel)
                    && this.reloads == reloads && this.suppressed.equals(suppressed) && this.incidents == incidents;
        }
    }

    private volatile Rendered cache;

    /**
     * Without a {@code name[]} filter, the rendering is a pure function of the published snapshots
     * (ages are taken at snapshot time), so it is reused until a snapshot is republished. A scrape
     * then costs only the serialization.
     */
    @Override
    public MetricSnapshots collect() {
        Rendered c = cache;
        if (c != null && c.isOf(store)) {
            return c.metrics(); // the same object until a snapshot changes: export keys its byte cache on it
        }
        synchronized (this) { // concurrent scrapes after a publication render once
            List<PbxSnapshot> now = List.copyOf(store.all());
            List<ProbeStatus> probes = List.copyOf(store.probes());
            List<CelStatus> cel = List.copyOf(store.allCel());
            ReloadStats reloads = store.reloads();
            Map<String, Long> suppressed = store.suppressedLogLines();
            IncidentsView incidents = store.incidents();
            c = cache;
            if (c != null && c.isOf(now, probes, cel, reloads, suppressed, incidents)) {
                return c.metrics();
            }
            MetricSnapshots m = render(now, probes, cel, reloads, suppressed, incidents, name -> true);
            cache = new Rendered(now, probes, cel, reloads, suppressed, incidents, m);
            return m;
        }
    }

    @Override
    public MetricSnapshots collect(PrometheusScrapeRequest request) {
        return collect();
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames) {
        return render(List.copyOf(store.all()), List.copyOf(store.probes()), List.copyOf(store.allCel()),
                store.reloads(), store.suppressedLogLines(), store.incidents(), includedNames);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
        return collect(includedNames);
    }

    private static boolean sameSnapshots(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Renders the given snapshots (read once by the caller, so that a cache entry is exactly what it was made of). */
    private MetricSnapshots render(List<PbxSnapshot> snapshots, List<ProbeStatus> probes, List<CelStatus> cel,
            ReloadStats reloads, Map<String, Long> suppressed, IncidentsView incidents, Predicate<String> includedNames) {
        Families f = new Families(includedNames);
        f.info("pbxmon_build", "pbxmon version and git revision.", "version", agent.version(), "revision", agent.revision());
        f.gauge("pbxmon_start_time_seconds", "When the agent started, in Unix seconds.", agent.startedEpochMs() / 1000.0);
        f.gauge("pbxmon_config_last_reload_successful", "1 if the last config reload succeeded (or none happened), else 0.",
                reloads.lastOk() ? 1 : 0);
        f.counter("pbxmon_config_reloads", "Config reloads (SIGHUP, POST /monitor/reload) by result.", reloads.succeeded(),
                "result", "success");
        f.counter("pbxmon_config_reloads", "Config reloads (SIGHUP, POST /monitor/reload) by result.", reloads.failed(),
                "result", "failure");
        for (Map.Entry<String, Long> e : new TreeMap<>(suppressed).entrySet()) {
            f.counter("pbxmon_log_lines_suppressed", "Repeated WARN/ERROR log lines not written again (the first is logged; "
                    + "repeats within 10 minutes are counted here), by logger.", e.getValue(), "logger", e.getKey());
        }
        for (PbxSnapshot s : snapshots) {
            try {
                pbx(f, s, s.takenEpochMs());
            } catch (RuntimeException e) {
                f.gauge("pbxmon_collector_success", "1 if the collector's last run succeeded, else 0.", 0,
                        "collector", "render", "pbx", s.name());
            }
        }
        ProbeMetrics.render(f, probes);
        CelMetrics.render(f, cel);
        IncidentMetrics.render(f, incidents);
        return f.build();
    }

    /** Queue member states, each always present (a memberless queue has zeros, never no series). */
    static final List<String> MEMBER_STATES = List.of("not_in_use", "in_use", "busy", "ringing", "ring_in_use",
            "on_hold", "paused", "unavailable", "invalid", "unknown");

    private void pbx(Families f, PbxSnapshot s, long now) {
        String pbx = s.name();
        f.gauge("asterisk_up", "1 if the AMI session is logged in and a complete sync of it has finished, else 0.",
                s.live() ? 1 : 0, "pbx", pbx);
        f.gauge("asterisk_ami_connected", "1 if the AMI session is logged in (it may still be syncing), else 0.",
                s.up() ? 1 : 0, "pbx", pbx);
        if (!s.core().version().isEmpty()) {
            f.info("asterisk_build", "Asterisk version (CoreSettings AsteriskVersion).", "pbx", pbx, "version", s.core().version());
        }
        ami(f, s);
        if (!s.live()) {
            return; // live state is unknown until the session is synced: absent, never 0 or stale
        }
        if (s.core().startupEpochSeconds() > 0) {
            f.gauge("asterisk_core_uptime_seconds", "Seconds since Asterisk started (CoreStatus).",
                    Math.max(0, now / 1000 - s.core().startupEpochSeconds()), "pbx", pbx);
        }
        if (s.core().reloadEpochSeconds() > 0) {
            f.gauge("asterisk_core_last_reload_seconds", "Seconds since Asterisk last reloaded (CoreStatus, Reload).",
                    Math.max(0, now / 1000 - s.core().reloadEpochSeconds()), "pbx", pbx);
        }
        f.gauge("asterisk_channels", "Live channels, Local channels included.", s.calls().channels(), "pbx", pbx);
        f.gauge("asterisk_calls_active", "Live calls: distinct Linkedids, so a call through Local channels counts once.",
                s.calls().calls(), "pbx", pbx);
        f.counter("asterisk_calls_processed", "Calls (Linkedids) that ended since the agent started.",
                s.calls().callsProcessed(), "pbx", pbx);
        f.gauge("asterisk_call_longest_duration_seconds", "Age of the oldest live call, 0 when none.",
                s.calls().longestCallSeconds(), "pbx", pbx);
        f.gauge("asterisk_calls_stuck", "Live calls older than stuck_call_threshold.", s.calls().stuckCalls(), "pbx", pbx);
        f.gauge("asterisk_bridges", "Bridges with at least one channel.", s.calls().bridges(), "pbx", pbx);
        endpoints(f, s);
        QualityMetrics.render(f, s);
        for (Registration r : s.registrations()) {
            f.gauge("asterisk_trunk_registered", "1 if the outbound registration is Registered, else 0.",
                    r.registered() ? 1 : 0, "pbx", pbx, "technology", r.technology(), "trunk", r.name());
            String label = r.statusLabel();
            for (String st : Registration.STATUS_LABELS) {
                f.gauge("asterisk_trunk_registration_status",
                        "Outbound registration state: 1 for the current status (registered, unregistered, rejected, "
                                + "request_sent, auth_sent, timeout, no_authentication, stopped, unknown), 0 for the others.",
                        st.equals(label) ? 1 : 0, "pbx", pbx, "technology", r.technology(), "trunk", r.name(), "status", st);
            }
        }
        for (QueueState q : s.queues()) {
            f.gauge("asterisk_queue_callers", "Callers waiting in the queue.", q.callers(), "pbx", pbx, "queue", q.name());
            f.gauge("asterisk_queue_longest_wait_seconds", "Wait of the longest-waiting caller, 0 when none.",
                    q.longestWaitSeconds(), "pbx", pbx, "queue", q.name());
            for (String st : MEMBER_STATES) {
                f.gauge("asterisk_queue_members", "Queue members by state (paused members count as paused); 0 for every state of a memberless queue.",
                        q.membersByState().getOrDefault(st, 0), "pbx", pbx, "queue", q.name(), "state", st);
            }
            f.gauge("asterisk_queue_members_available", "Members that could take a call now: not paused and not in use.",
                    q.available(), "pbx", pbx, "queue", q.name());
        }
    }

    private void endpoints(Families f, PbxSnapshot s) {
        String pbx = s.name();
        Map<String, int[]> counts = new TreeMap<>();
        for (Endpoint e : s.endpoints()) {
            int[] c = counts.computeIfAbsent(e.technology() + "\u0000" + e.kind().label(), k -> new int[STATES.length]);
            c[e.state().ordinal()]++;
            Integer up = e.state().upValue();
            if (up != null) {
                f.gauge("asterisk_endpoint_up", "1 if the endpoint answers (reachable or lagged), 0 if down; absent when unknown.",
                        up, "pbx", pbx, "technology", e.technology(), "kind", e.kind().label(), "endpoint", e.name());
            }
            if (e.technology().equals("PJSIP")) {
                f.gauge("asterisk_endpoint_contacts", "PJSIP contacts the endpoint has now (registered or static); 0 = not registered.",
                        e.contacts(), "pbx", pbx, "technology", e.technology(), "kind", e.kind().label(), "endpoint", e.name());
            }
            if (e.rttSeconds() != null) {
                f.gauge("asterisk_endpoint_rtt_seconds", "Qualify round-trip time of the endpoint's best contact.",
                        e.rttSeconds(), "pbx", pbx, "technology", e.technology(), "endpoint", e.name());
            }
            if (e.kind() == EndpointKind.TRUNK) {
                f.gauge("asterisk_trunk_channels", "Live channels on the trunk.", e.channels(), "pbx", pbx, "trunk", e.name());
                if (e.capacity() != null) {
                    f.gauge("asterisk_trunk_capacity_channels", "Configured channel capacity of the trunk.",
                            e.capacity(), "pbx", pbx, "trunk", e.name());
                }
            }
        }
        for (Map.Entry<String, int[]> c : counts.entrySet()) {
            String[] key = c.getKey().split("\u0000");
            for (EndpointState st : EndpointState.values()) {
                f.gauge("asterisk_endpoints", "Endpoints by technology, kind and state.", c.getValue()[st.ordinal()],
                        "pbx", pbx, "technology", key[0], "kind", key[1], "state", st.label());
            }
        }
    }

    private void ami(Families f, PbxSnapshot s) {
        String pbx = s.name();
        f.counter("asterisk_ami_events", "AMI events received on the wire.", s.ami().eventsTotal(), "pbx", pbx);
        f.counter("asterisk_ami_events_dropped", "Events lost because the event queue was full; each burst of drops triggers a resync.",
                s.ami().eventsDropped(), "pbx", pbx);
        for (String reason : AmiStatus.MALFORMED_REASONS) {
            f.counter("asterisk_ami_malformed_frames", "AMI frames skipped as malformed, by reason.",
                    s.ami().malformedFrames().getOrDefault(reason, 0L), "pbx", pbx, "reason", reason);
        }
        f.counter("asterisk_ami_reconnects", "AMI sessions re-established after a loss.", s.ami().reconnects(), "pbx", pbx);
        f.counter("asterisk_ami_resyncs", "Full resyncs from list actions after the initial sync.", s.ami().resyncs(), "pbx", pbx);
        if (s.ami().lastEventEpochMs() > 0) {
            f.gauge("asterisk_ami_last_event_timestamp_seconds", "When the last AMI event arrived, in Unix seconds.",
                    s.ami().lastEventEpochMs() / 1000.0, "pbx", pbx);
        }
        for (CollectorResult c : s.collectors()) {
            f.gauge("pbxmon_collector_success", "1 if the collector's last run succeeded, else 0.", c.success() ? 1 : 0,
                    "collector", c.collector(), "pbx", pbx);
            f.gauge("pbxmon_collector_duration_seconds", "Duration of the collector's last run.", c.durationSeconds(),
                    "collector", c.collector(), "pbx", pbx);
        }
    }
}
