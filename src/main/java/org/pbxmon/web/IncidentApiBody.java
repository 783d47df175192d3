package org.pbxmon.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRootName;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pbxmon.config.IncidentsConfig.ObjectMeta;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.ObjectView;
import org.pbxmon.incident.Severity;

/**
 * The bodies of the incident API, one record per shape, written by Jackson as JSON and (through
 * jackson-dataformat-xml) as XML in the Kaleyra layout: root {@code <api>}, every list a wrapper
 * element whose items are {@code <monitor>} elements. Pure: the handler picks the shape, this builds it.
 */
final class IncidentApiBody {
    /** The element name of every list item in XML, as in Kaleyra's {@code <incidents><monitor>...}. */
    static final String ITEM = "monitor";

    private IncidentApiBody() {
    }

    /**
     * The envelope of every answer: {@code status} is the number 200 with {@code message} "OK" and
     * {@code data}, or an error code string ({@code E701}, {@code E542}, {@code E400} ...) without data.
     */
    @JsonRootName("api")
    @JsonPropertyOrder({"status", "message", "data"})
    record Envelope(Object status, String message, @JsonInclude(JsonInclude.Include.NON_NULL) Object data) {
        static Envelope ok(Object data) {
            return new Envelope(200, "OK", data);
        }

        static Envelope error(String code, String message) {
            return new Envelope(code, message, null);
        }
    }

    /** {@code data} of the current incidents: one entry per region, region code, type and service. */
    record Current(@JacksonXmlElementWrapper(localName = "incidents") @JacksonXmlProperty(localName = ITEM)
            List<Group> incidents) {
    }

    /**
     * One entry of the current incidents, the seed's fields in the seed's order, then {@code objects}:
     * the ids of the objects it groups. In XML its items are {@code <object>}, not {@code <monitor>}:
     * Jackson takes an item name for the property's name, and two properties of one class cannot both
     * be named {@code monitor}; the seed's own fields keep the seed's names.
     */
    @JsonPropertyOrder({"region", "region_code", "type", "service", "numbers", "objects"})
    record Group(String region, @JsonProperty("region_code") String regionCode, String type, String service,
            @JacksonXmlElementWrapper(localName = "numbers") @JacksonXmlProperty(localName = ITEM)
            List<String> numbers,
            @JacksonXmlElementWrapper(localName = "objects") @JacksonXmlProperty(localName = "object")
            List<String> objects) {
    }

    /** {@code data} of {@code ?since=}: the instant asked for and the incidents changed since, newest first. */
    @JsonPropertyOrder({"since", "incidents"})
    record History(String since,
            @JacksonXmlElementWrapper(localName = "incidents") @JacksonXmlProperty(localName = ITEM)
            List<HistoryItem> incidents) {
    }

    /** One incident of the history; times are RFC 3339 (UTC), {@code closed} is null while open. */
    @JsonPropertyOrder({"key", "object", "rule", "severity", "summary", "opened", "updated", "closed"})
    record HistoryItem(String key, String object, String rule, String severity, String summary, String opened,
            String updated, String closed) {
    }

    /** {@code data} of {@code /api/v1/objects}. */
    record ObjectList(@JacksonXmlElementWrapper(localName = "objects") @JacksonXmlProperty(localName = ITEM)
            List<ObjectItem> objects) {
    }

    /** One object with its configured metadata and live status; unknown numbers are null. */
    @JsonPropertyOrder({"id", "kind", "pbx", "name", "server_tag", "region", "region_code", "primary_server",
            "service", "capacity", "used", "numbers", "final_status", "open_incidents", "modified"})
    record ObjectItem(String id, String kind, String pbx, String name,
            @JsonProperty("server_tag") String serverTag, String region,
            @JsonProperty("region_code") String regionCode,
            @JsonProperty("primary_server") String primaryServer, String service, Integer capacity, Integer used,
            @JacksonXmlElementWrapper(localName = "numbers") @JacksonXmlProperty(localName = ITEM)
            List<String> numbers,
            @JsonProperty("final_status") String finalStatus,
            @JsonProperty("open_incidents") int openIncidents, String modified) {
    }

    /**
     * The current incidents: objects whose final status is not operational, grouped by (region,
     * region code, type = final status, service); numbers and object ids merged, sorted, unique.
     * Worst type first, then region, region code, service. Empty when every object is operational.
     */
    static List<Group> current(List<ObjectView> objects) {
        record Key(String region, String regionCode, Severity type, String service) {
        }
        Map<Key, TreeSet<String>[]> groups = new LinkedHashMap<>();
        for (ObjectView o : objects) {
            if (o.finalStatus() == Severity.OPERATIONAL) {
                continue;
            }
            ObjectMeta m = o.meta();
            Key k = new Key(text(m.region()), text(m.regionCode()), o.finalStatus(), service(m));
            @SuppressWarnings("unchecked")
            TreeSet<String>[] sets = groups.computeIfAbsent(k, x -> new TreeSet[] {new TreeSet<>(), new TreeSet<>()});
            m.numbers().stream().filter(n -> n != null && !n.isBlank()).forEach(sets[0]::add);
            sets[1].add(o.object().id());
        }
        List<Key> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.comparing(Key::type).reversed().thenComparing(Key::region)
                .thenComparing(Key::regionCode).thenComparing(Key::service));
        List<Group> out = new ArrayList<>();
        for (Key k : keys) {
            TreeSet<String>[] sets = groups.get(k);
            out.add(new Group(k.region(), k.regionCode(), k.type().label(), k.service(), List.copyOf(sets[0]),
                    List.copyOf(sets[1])));
        }
        return out;
    }

    static HistoryItem history(Incident i) {
        return new HistoryItem(i.key(), i.object().id(), i.rule(), i.severity().label(), i.summary(),
                time(i.openedMs()), time(i.updatedMs()), i.closedMs() == null ? null : time(i.closedMs()));
    }

    static ObjectItem object(ObjectView o) {
        ObjectMeta m = o.meta();
        return new ObjectItem(o.object().id(), o.object().kind(), o.object().pbx(), o.object().name(),
                text(m.serverTag()), text(m.region()), text(m.regionCode()), text(m.primaryServer()), service(m),
                o.capacity(), o.used(), m.numbers().stream().filter(n -> n != null && !n.isBlank()).sorted()
                        .distinct().toList(),
                o.finalStatus().label(), o.open().size(), o.modifiedMs() > 0 ? time(o.modifiedMs()) : null);
    }

    /** RFC 3339 in UTC, e.g. {@code 2024-05-01T10:00:00Z} (fractional seconds only when not zero). */
    static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String service(ObjectMeta m) {
        return m.service() == null || m.service().isBlank() ? "all" : m.service();
    }
}
