package org.pbxmon.web.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.ActiveChannel;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.IncidentsView;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.model.TrunkQuality;

/**
 * The panel's view of the model: one JSON tree keyed by PBX name, then by object name, built from the
 * latest snapshots only. Keys (not arrays) everywhere, so that a JSON merge patch (RFC 7386) between two
 * trees is small, and one PBX's change never touches another's keys. Unknown values are absent.
 */
public final class PanelState {
    static final ObjectMapper JSON = new ObjectMapper();

    private PanelState() {
    }

    /** The whole state: {@code {"pbx": {name: {...}}, "incidents": {key: {...}}}}. */
    public static ObjectNode build(SnapshotStore store) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode pbxs = root.putObject("pbx");
        for (PbxSnapshot s : store.all()) {
            pbxs.set(s.name(), pbx(s, store.channels(s.name())));
        }
        ObjectNode inc = root.putObject("incidents");
        IncidentsView v = store.incidents();
        for (IncidentsView.OpenIncident i : v.open()) {
            ObjectNode n = inc.putObject(i.key());
            n.put("object", i.object()).put("kind", i.kind()).put("pbx", i.pbx()).put("rule", i.rule()).put("severity", i.severity())
                    .put("summary", i.summary()).put("opened", i.openedEpochMs());
        }
        root.put("incidentsEnabled", v.enabled());
        return root;
    }

    static ObjectNode pbx(PbxSnapshot s, List<ActiveChannel> channels) {
        ObjectNode n = JSON.createObjectNode();
        boolean live = s.live();
        ObjectNode ami = n.putObject("ami");
        ami.put("connected", s.ami().connected()).put("synced", s.ami().synced()).put("reconnects", s.ami().reconnects());
        if (!s.ami().lastError().isEmpty()) {
            ami.put("error", s.ami().lastError());
        }
        n.put("live", live);
        if (!live) {
            return n; // the live state is not trustworthy: show nothing rather than stale figures
        }
        n.putObject("summary").put("calls", s.calls().calls()).put("channels", s.calls().channels());
        ObjectNode ext = n.putObject("extensions");
        ObjectNode trunks = n.putObject("trunks");
        Map<String, TrunkQuality> quality = new java.util.HashMap<>();
        s.quality().trunks().forEach(q -> quality.put(q.trunk(), q));
        for (Endpoint e : s.endpoints()) {
            ObjectNode o = (e.kind() == EndpointKind.TRUNK ? trunks : ext).putObject(e.technology() + "/" + e.name());
            o.put("name", e.name()).put("tech", e.technology()).put("state", e.state().label())
                    .put("device", e.deviceState() == null ? "" : e.deviceState()).put("channels", e.channels());
            if (e.rttSeconds() != null) {
                o.put("rttMs", Math.round(e.rttSeconds() * 10_000) / 10.0);
            }
            if (e.kind() == EndpointKind.TRUNK) {
                if (e.capacity() != null) {
                    o.put("capacity", e.capacity());
                }
                TrunkQuality q = quality.get(e.name());
                if (q != null && q.mes() != null) {
                    o.put("mes", Math.round(q.mes() * 10) / 10.0).put("poor", q.poorCalls());
                }
            } else {
                o.put("status", extensionStatus(e));
            }
        }
        for (Registration r : s.registrations()) {
            ObjectNode o = trunks.has(r.technology() + "/" + r.endpoint())
                    ? (ObjectNode) trunks.get(r.technology() + "/" + r.endpoint())
                    : trunks.putObject(r.technology() + "/" + r.name());
            o.putIfAbsent("name", JSON.getNodeFactory().textNode(r.name()));
            o.put("registration", r.statusLabel());
        }
        trunks.fields().forEachRemaining(t -> ((ObjectNode) t.getValue()).put("status", trunkStatus(t.getValue())));
        ObjectNode calls = n.putObject("calls");
        for (ActiveChannel c : channels) {
            ObjectNode o = calls.putObject(c.uniqueId());
            o.put("channel", c.channel()).put("from", c.callerId()).put("to", c.exten()).put("state", c.state())
                    .put("created", c.createdEpochMs()).put("linked", c.linkedId());
            String peer = peer(c, channels);
            if (peer != null) {
                o.put("peer", peer);
            }
        }
        ObjectNode queues = n.putObject("queues");
        for (QueueState q : s.queues()) {
            queues.putObject(q.name()).put("callers", q.callers()).put("longestWait", q.longestWaitSeconds())
                    .put("available", q.available()).put("members", q.members());
        }
        return n;
    }

    /** online, offline, in_call, ringing or unknown. */
    static String extensionStatus(Endpoint e) {
        String d = e.deviceState() == null ? "" : e.deviceState().toLowerCase(java.util.Locale.ROOT);
        if (d.contains("ring")) {
            return "ringing";
        }
        if (e.channels() > 0 || d.equals("in_use") || d.equals("inuse") || d.equals("busy") || d.equals("in use")) {
            return "in_call";
        }
        return switch (e.state()) {
            case UP, LAGGED -> "online";
            case DOWN -> "offline";
            case UNKNOWN -> d.equals("unavailable") ? "offline" : "unknown";
        };
    }

    /** ok, failed or unknown: failed when unreachable or when its registration is not registered. */
    static String trunkStatus(JsonNode t) {
        String state = t.path("state").asText("");
        String reg = t.path("registration").asText("");
        if (state.equals("down") || !reg.isEmpty() && !reg.equals("registered")) {
            return "failed";
        }
        return state.equals("up") || state.equals("lagged") || reg.equals("registered") ? "ok" : "unknown";
    }

    /** The other channel in the same bridge, or null. */
    private static String peer(ActiveChannel c, List<ActiveChannel> all) {
        if (c.bridgeId().isEmpty()) {
            return null;
        }
        for (ActiveChannel o : all) {
            if (o != c && o.bridgeId().equals(c.bridgeId())) {
                return o.channel();
            }
        }
        return null;
    }

    /**
     * The JSON merge patch (RFC 7386) turning {@code from} into {@code to}: changed members, null for a
     * removed member; null when both are equal.
     */
    public static JsonNode diff(JsonNode from, JsonNode to) {
        if (from != null && from.equals(to)) {
            return null;
        }
        if (from == null || !from.isObject() || !to.isObject()) {
            return to;
        }
        ObjectNode patch = JSON.createObjectNode();
        for (Iterator<String> it = from.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!to.has(k)) {
                patch.putNull(k);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = diff(from.get(e.getKey()), e.getValue());
            if (d != null) {
                patch.set(e.getKey(), d);
            }
        }
        return patch.isEmpty() ? null : patch;
    }

    /** Applies a merge patch to {@code target} in place (for tests and clients written in Java). */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode t = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                t.remove(e.getKey());
            } else {
                t.set(e.getKey(), apply(t.get(e.getKey()), e.getValue()));
            }
        });
        return t;
    }
}
