package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Set;

/**
 * Copies the scalar components of a model record into JSON as {@code <prefix><snake_name>}: booleans as
 * 0/1 (Zabbix JSONPath reads {@code true} as text), numbers as numbers, strings as strings.
 *
 * <p>Used only by {@link CelPart} and {@link ProbeRows} while {@code CelStatus} and {@code ProbeStatus}
 * are still changing: it compiles whatever their components become. When they settle, those two
 * classes name their fields explicitly and this class goes.
 */
final class RecordFields {
    private RecordFields() {
    }

    static void copy(Record r, String prefix, Set<String> skip, ObjectNode out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (skip.contains(c.getName())) {
                continue;
            }
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String key = prefix + snake(c.getName());
            if (v instanceof Boolean b) {
                out.put(key, b ? 1 : 0);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                out.put(key, ((Number) v).longValue());
            } else if (v instanceof Number num) {
                out.put(key, num.doubleValue());
            } else if (v instanceof CharSequence || v instanceof Enum<?>) {
                out.put(key, v.toString());
            }
        }
    }

    /** The value of a named component, or null when the record has no such component (or it is null). */
    static Object get(Object r, String component) {
        if (r == null || !r.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (c.getName().equals(component)) {
                try {
                    return c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
