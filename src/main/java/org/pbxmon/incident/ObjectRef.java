package org.pbxmon.incident;

import java.util.Objects;

/**
 * A monitored object: a PBX, a trunk, a queue, a probed service, or what an Alertmanager alert names
 * when it maps to none of these.
 *
 * @param id   unique and stable: {@code pbx:main}, {@code trunk:main/carrier}, {@code queue:main/support},
 *             {@code probe:itgrix}, {@code alert:<alertname>}
 * @param kind {@code pbx}, {@code trunk}, {@code queue}, {@code probe} or {@code alert}
 * @param pbx  the PBX it belongs to, or "" for probes and alerts without one
 * @param name its own name (the PBX name for a PBX)
 */
public record ObjectRef(String id, String kind, String pbx, String name) {
    public static final String PBX = "pbx";
    public static final String TRUNK = "trunk";
    public static final String QUEUE = "queue";
    public static final String PROBE = "probe";
    public static final String ALERT = "alert";

    public ObjectRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pbx, "pbx");
        Objects.requireNonNull(name, "name");
    }

    public static ObjectRef pbx(String pbx) {
        return new ObjectRef(PBX + ":" + pbx, PBX, pbx, pbx);
    }

    public static ObjectRef trunk(String pbx, String trunk) {
        return new ObjectRef(TRUNK + ":" + pbx + "/" + trunk, TRUNK, pbx, trunk);
    }

    public static ObjectRef queue(String pbx, String queue) {
        return new ObjectRef(QUEUE + ":" + pbx + "/" + queue, QUEUE, pbx, queue);
    }

    public static ObjectRef probe(String probe) {
        return new ObjectRef(PROBE + ":" + probe, PROBE, "", probe);
    }

    public static ObjectRef alert(String name) {
        return new ObjectRef(ALERT + ":" + name, ALERT, "", name);
    }

    /** Parses an {@link #id()}; null when it is not one. */
    public static ObjectRef parse(String id) {
        if (id == null) {
            return null;
        }
        int colon = id.indexOf(':');
        if (colon <= 0 || colon == id.length() - 1) {
            return null;
        }
        String kind = id.substring(0, colon);
        String rest = id.substring(colon + 1);
        int slash = rest.indexOf('/');
        return switch (kind) {
            case PBX -> pbx(rest);
            case PROBE -> probe(rest);
            case ALERT -> alert(rest);
            case TRUNK -> slash > 0 && slash < rest.length() - 1 ? trunk(rest.substring(0, slash), rest.substring(slash + 1)) : null;
            case QUEUE -> slash > 0 && slash < rest.length() - 1 ? queue(rest.substring(0, slash), rest.substring(slash + 1)) : null;
            default -> null;
        };
    }
}
