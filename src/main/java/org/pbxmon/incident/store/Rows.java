package org.pbxmon.incident.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.TreeMap;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.Severity;

/** Column values to and from the store's types: severities as their labels, labels as a JSON object. */
final class Rows {
    /** The columns of an incident joined with its object, in the order {@link #incident} reads them. */
    static final String INCIDENT_COLUMNS = "i.incident_key, i.object_id, o.kind, o.pbx, o.name, i.origin, i.rule,"
            + " i.severity, i.summary, i.opened_ms, i.updated_ms, i.closed_ms, i.labels";
    static final String INCIDENT_FROM = " FROM incident i LEFT JOIN monitored_object o ON o.object_id = i.object_id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private Rows() {
    }

    /** {@code labels} as a JSON object with sorted keys, so equal maps give equal text. */
    static String labelsJson(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The labels of a stored incident; an unreadable value reads as none rather than failing the query. */
    static Map<String, String> labels(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** A stored severity; an unknown word (a newer agent's?) reads as warning, the mildest non-OK. */
    static Severity severity(String s) {
        Severity v = Severity.parse(s);
        return v == null ? Severity.WARNING : v;
    }

    /** A stored status; an unknown word reads as operational. */
    static Severity status(String s) {
        Severity v = Severity.parse(s);
        return v == null ? Severity.OPERATIONAL : v;
    }

    /** The object of a row: its stored kind, PBX and name, or what its id says when the row is missing. */
    static ObjectRef object(String id, String kind, String pbx, String name) {
        if (kind != null) {
            return new ObjectRef(id, kind, pbx == null ? "" : pbx, name == null ? "" : name);
        }
        ObjectRef parsed = ObjectRef.parse(id);
        return parsed != null ? parsed : new ObjectRef(id, ObjectRef.ALERT, "", id);
    }

    /** Reads one row of {@link #INCIDENT_COLUMNS}. */
    static Incident incident(ResultSet r) throws SQLException {
        long closed = r.getLong(12);
        Long closedMs = r.wasNull() ? null : closed;
        return new Incident(r.getString(1), object(r.getString(2), r.getString(3), r.getString(4), r.getString(5)),
                r.getString(6), r.getString(7), severity(r.getString(8)), r.getString(9), r.getLong(10), r.getLong(11),
                closedMs, labels(r.getString(13)));
    }

    static void setNullableLong(PreparedStatement ps, int index, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, v);
        }
    }

    /** {@code s} cut to {@code max} characters (error texts are free-form; the columns are not). */
    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
