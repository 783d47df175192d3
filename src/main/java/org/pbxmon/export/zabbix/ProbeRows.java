package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pbxmon.model.ProbeStatus;

/**
 * HTTP probes, licenses and storager accounts: THE place where the probes source reaches Zabbix.
 *
 * <p>{@link ProbeStatus} is still changing, so this class reads its components by name
 * ({@link RecordFields#get}) and compiles whatever they become: a probe with a {@code license} is a
 * license row; a probe with {@code samples} named {@code storager_*} gives one storager row per
 * account label value (or per probe when the samples carry no account). When the probes issue
 * settles, replace the lookups by the record's accessors and add the detail items (see docs/ZABBIX.md).
 */
final class ProbeRows {
    private static final List<String> ACCOUNT_LABELS = List.of("account", "storager", "name");

    private ProbeRows() {
    }

    static ArrayNode probeDiscovery(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            ObjectNode o = out.addObject();
            o.put("{#PROBE}", p.name());
            Object kind = RecordFields.get(p, "kind");
            o.put("{#KIND}", kind == null ? "" : kind.toString());
        }
        return out;
    }

    static ArrayNode licenses(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            if (RecordFields.get(p, "license") != null) {
                out.addObject().put("{#PROBE}", p.name()).put("{#LICENSE}", p.name());
            }
        }
        return out;
    }

    static ArrayNode storager(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            Set<String> accounts = new LinkedHashSet<>();
            if (RecordFields.get(p, "samples") instanceof List<?> samples) {
                for (Object sample : samples) {
                    Object name = RecordFields.get(sample, "name");
                    if (name != null && name.toString().startsWith("storager")) {
                        accounts.add(account(sample, p.name()));
                    }
                }
            }
            for (String a : accounts) {
                out.addObject().put("{#PROBE}", p.name()).put("{#STORAGER}", a);
            }
        }
        return out;
    }

    private static String account(Object sample, String fallback) {
        if (RecordFields.get(sample, "labels") instanceof List<?> labels) {
            for (int i = 0; i + 1 < labels.size(); i += 2) {
                if (ACCOUNT_LABELS.contains(String.valueOf(labels.get(i)))) {
                    return String.valueOf(labels.get(i + 1));
                }
            }
        }
        return fallback;
    }
}
