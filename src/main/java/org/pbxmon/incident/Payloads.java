package org.pbxmon.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.pbxmon.config.IncidentsConfig.ObjectMeta;

/**
 * The JSON document a callback receives as {@code {response}}: the object with its Kaleyra fields
 * (region, region_code, type, service, numbers, capacity, used), its previous and final status, and
 * its open incidents. docs/INCIDENTS.md shows an example.
 */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    static String statusChanged(String eventId, String agentId, ObjectView view, Severity previous, Severity current,
            Severity incidentStatus, long atMs) {
        ObjectNode root = JSON.createObjectNode();
        ObjectMeta m = view.meta();
        root.put("id", eventId);
        root.put("type", "status_changed");
        root.put("at", Instant.ofEpochMilli(atMs).toString());
        root.put("agent", agentId);
        root.put("region", m.region());
        root.put("region_code", m.regionCode());
        root.put("service", m.service());
        ArrayNode numbers = root.putArray("numbers");
        m.numbers().forEach(numbers::add);
        root.put("previous_status", previous.label());
        root.put("incident_status", incidentStatus.label());
        root.put("final_status", current.label());
        ObjectNode o = root.putObject("object");
        o.put("id", view.object().id());
        o.put("kind", view.object().kind());
        o.put("pbx", view.object().pbx());
        o.put("name", view.object().name());
        o.put("server_tag", m.serverTag());
        o.put("primary_server", m.primaryServer());
        if (view.capacity() == null) {
            o.putNull("capacity");
        } else {
            o.put("capacity", view.capacity());
        }
        if (view.used() == null) {
            o.putNull("used");
        } else {
            o.put("used", view.used());
        }
        root.set("incidents", incidents(view.open()));
        return root.toString();
    }

    static ArrayNode incidents(List<Incident> list) {
        ArrayNode arr = JSON.createArrayNode();
        for (Incident i : list) {
            ObjectNode n = arr.addObject();
            n.put("key", i.key());
            n.put("origin", i.origin());
            n.put("rule", i.rule());
            n.put("severity", i.severity().label());
            n.put("summary", i.summary());
            n.put("opened", Instant.ofEpochMilli(i.openedMs()).toString());
            ObjectNode labels = n.putObject("labels");
            new java.util.TreeMap<>(i.labels()).forEach(labels::put);
        }
        return arr;
    }
}
