package org.pbxmon.model;

/**
 * The label set of the per-call series: which trunk (or the extensions together) and which way.
 *
 * @param tenant    the tenant label, or null when no tenant rules are configured
 * @param kind      "trunk" or "extension"
 * @param trunk     the trunk's endpoint or peer name; "" for extensions (they never get one series each)
 * @param direction "inbound" (the leg originated the call) or "outbound" (the leg was dialled)
 */
public record LegKey(String tenant, String kind, String trunk, String direction) implements Comparable<LegKey> {

    @Override
    public int compareTo(LegKey o) {
        int c = String.valueOf(tenant).compareTo(String.valueOf(o.tenant));
        if (c == 0) {
            c = kind.compareTo(o.kind);
        }
        if (c == 0) {
            c = trunk.compareTo(o.trunk);
        }
        return c != 0 ? c : direction.compareTo(o.direction);
    }
}
