package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.AgentInfo;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.SnapshotStore;

/**
 * The Zabbix endpoints, rendered from the same snapshots as {@code /metrics}:
 *
 * <ul>
 *   <li>{@code /zabbix/pbx/<name>}: one flat object per PBX (master item);</li>
 *   <li>{@code /zabbix/discovery/{pbx,endpoints,trunks,queues,probes,licenses,storager}}: LLD arrays,
 *       {@code ?pbx=<name>} keeps one PBX, {@code ?legacy=1} wraps them as {@code {"data":[...]}};</li>
 *   <li>{@code /zabbix/items/<pbx>/{endpoints,trunks,queues}}: per-object detail arrays;</li>
 *   <li>{@code /zabbix/agent/items/{probes,licenses,storager}}: agent-wide detail arrays;</li>
 *   <li>{@code /zabbix/summary}: agent-wide counters.</li>
 * </ul>
 *
 * <p>Unknown PBX, kind or path: 404 with {@code {"result":"error","e":"..."}}. The web layer mounts
 * {@link #handlers()}; a key ending in "/" is a prefix route.
 *
 * <p>While a PBX's live state is unknown ({@link PbxSnapshot#live()} false: AMI down, or the first
 * sync of the session not finished) its flat object carries JSON null for every live value (see
 * {@link PbxFlat}), and its detail arrays and its endpoint, trunk and queue discoveries answer
 * 503 with a JSON error instead of rows: an empty or stale list would be a claim. A Zabbix
 * discovery rule whose request fails changes nothing (no discovered item is marked lost, so none is
 * deleted after the rule's {@code lifetime}), and the detail masters' dependent items get no value.
 * Without {@code ?pbx}, a discovery answers 503 while any PBX is not live. The PBX discovery itself
 * (the configured PBXes) always answers.
 */
public final class ZabbixEndpoints {
    static final String PBX = "/zabbix/pbx/";
    static final String DISCOVERY = "/zabbix/discovery/";
    static final String ITEMS = "/zabbix/items/";
    static final String SUMMARY = "/zabbix/summary";
    /** Agent-wide detail arrays; not under {@link #ITEMS}, so no PBX name can collide with them. */
    static final String AGENT_ITEMS = "/zabbix/agent/items/";

    private final SnapshotStore store;
    private final AgentInfo info;

    public ZabbixEndpoints(SnapshotStore store, AgentInfo info) {
        this.store = store;
        this.info = info;
    }

    /** Path (a prefix when it ends in "/") to handler, in a stable order. */
    public Map<String, HttpHandler> handlers() {
        Map<String, HttpHandler> m = new LinkedHashMap<>();
        m.put(PBX, ex -> serve(ex, this::pbx));
        m.put(DISCOVERY, ex -> serve(ex, this::discovery));
        m.put(ITEMS, ex -> serve(ex, this::items));
        m.put(AGENT_ITEMS, ex -> serve(ex, this::agentItems));
        m.put(SUMMARY, ex -> serve(ex, e -> ok(Summary.withIncidents(
                Summary.build(store.all(), store.probes(), info.version()), store.incidents()))));
        return m;
    }

    /** A status and a JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private interface Route {
        Answer answer(HttpExchange ex);
    }

    private static void serve(HttpExchange ex, Route route) throws IOException {
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            ZabbixJson.send(ex, 405, ZabbixJson.error("method not allowed: " + method));
            return;
        }
        Answer a = route.answer(ex);
        ZabbixJson.send(ex, a.status(), a.body());
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static Answer notFound(String message) {
        return new Answer(404, ZabbixJson.error(message));
    }

    /** 503 naming the PBX whose objects are not known now. */
    private static Answer notLive(PbxSnapshot s) {
        String why = !s.ami().connected()
                ? "AMI session down" + (s.ami().lastError().isEmpty() ? "" : ": " + s.ami().lastError())
                : "first sync of the AMI session not finished";
        return new Answer(503, ZabbixJson.error("pbx " + s.name() + ": live state unknown (" + why + ")"));
    }

    /** The first PBX that is not live, or null. */
    private static PbxSnapshot firstNotLive(Collection<PbxSnapshot> snapshots) {
        for (PbxSnapshot s : snapshots) {
            if (!s.live()) {
                return s;
            }
        }
        return null;
    }

    private static String rest(HttpExchange ex, String prefix) {
        String path = ex.getRequestURI().getPath();
        return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    }

    private Answer pbx(HttpExchange ex) {
        String name = rest(ex, PBX);
        PbxSnapshot s = name.contains("/") ? null : store.get(name);
        if (s == null) {
            return notFound("unknown pbx: " + name);
        }
        ObjectNode flat = PbxFlat.build(s);
        CelPart.add(flat, store.cel(s.name()));
        return ok(flat);
    }

    private Answer discovery(HttpExchange ex) {
        String kind = rest(ex, DISCOVERY);
        String query = ex.getRequestURI().getRawQuery();
        String pbx = ZabbixJson.query(query, "pbx");
        Collection<PbxSnapshot> snapshots = store.all();
        if (pbx != null && !pbx.isEmpty()) {
            PbxSnapshot s = store.get(pbx);
            if (s == null) {
                return notFound("unknown pbx: " + pbx);
            }
            snapshots = List.of(s);
        }
        if (Discovery.LIVE_KINDS.contains(kind)) {
            PbxSnapshot unknown = firstNotLive(snapshots);
            if (unknown != null) {
                return notLive(unknown);
            }
        }
        ArrayNode rows = switch (kind) {
            case "pbx" -> Discovery.pbx(snapshots);
            case "endpoints" -> Discovery.endpoints(snapshots);
            case "trunks" -> Discovery.trunks(snapshots);
            case "queues" -> Discovery.queues(snapshots);
            case "probes" -> ProbeRows.probeDiscovery(store.probes());
            case "licenses" -> ProbeRows.licenses(store.probes());
            case "storager" -> ProbeRows.storager(store.probes());
            default -> null;
        };
        if (rows == null) {
            return notFound("unknown discovery: " + kind);
        }
        String legacy = ZabbixJson.query(query, "legacy");
        if ("1".equals(legacy) || "true".equals(legacy)) {
            ObjectNode wrapped = ZabbixJson.JSON.createObjectNode();
            wrapped.set("data", rows);
            return ok(wrapped);
        }
        return ok(rows);
    }

    private Answer items(HttpExchange ex) {
        String rest = rest(ex, ITEMS);
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            return notFound("expected /zabbix/items/<pbx>/{endpoints,trunks,queues}");
        }
        String name = rest.substring(0, slash);
        PbxSnapshot s = store.get(name);
        if (s == null) {
            return notFound("unknown pbx: " + name);
        }
        ArrayNode rows = switch (rest.substring(slash + 1)) {
            case "endpoints" -> ItemRows.endpoints(s);
            case "trunks" -> ItemRows.trunks(s);
            case "queues" -> ItemRows.queues(s);
            default -> null;
        };
        if (rows == null) {
            return notFound("unknown item kind: " + rest.substring(slash + 1));
        }
        return s.live() ? ok(rows) : notLive(s);
    }

    private Answer agentItems(HttpExchange ex) {
        String kind = rest(ex, AGENT_ITEMS);
        ArrayNode rows = switch (kind) {
            case "probes" -> ProbeRows.probeItems(store.probes());
            case "licenses" -> ProbeRows.licenseItems(store.probes());
            case "storager" -> ProbeRows.storagerItems(store.probes());
            default -> null;
        };
        return rows == null ? notFound("unknown item kind: " + kind + " (expected probes, licenses, storager)") : ok(rows);
    }
}
