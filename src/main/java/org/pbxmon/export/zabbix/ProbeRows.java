package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.ProbeStatus;

/**
 * HTTP probes, licenses and storager accounts: THE place where the probes source reaches Zabbix.
 * Agent-wide (not per PBX): the discoveries {@code /zabbix/discovery/{probes,licenses,storager}} and
 * the detail arrays {@code /zabbix/agent/items/{probes,licenses,storager}}. Each detail row has an
 * {@code id} equal to its discovery row's {@code {#ID}}; every field is always present (0 or "").
 * The values are those of {@code /metrics} ({@code pbxmon_probe_*}, {@code pbxmon_license_*},
 * {@code pbxmon_storager_objects}).
 */
final class ProbeRows {
    /** The states of {@code storager_objects} samples, each a field of a storager row. */
    static final List<String> STORAGER_STATES = List.of("failed", "collected", "being_stored", "being_stored_processed");
    static final String STORAGER_SAMPLE = "storager_objects";

    private ProbeRows() {
    }

    // ---- discovery

    static ArrayNode probeDiscovery(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            out.addObject().put("{#ID}", p.name()).put("{#PROBE}", p.name()).put("{#KIND}", p.kind())
                    .put("{#PROFILE}", p.profile());
        }
        return out;
    }

    static ArrayNode licenses(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            if (p.license() != null) {
                out.addObject().put("{#ID}", p.name()).put("{#PROBE}", p.name()).put("{#LICENSE}", p.name());
            }
        }
        return out;
    }

    static ArrayNode storager(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (Storager s : storagers(probes)) {
            out.addObject().put("{#ID}", s.id()).put("{#PROBE}", s.probe()).put("{#ACCOUNT}", s.account())
                    .put("{#STORAGER}", s.storager());
        }
        return out;
    }

    // ---- detail arrays

    static ArrayNode probeItems(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            ObjectNode o = out.addObject();
            o.put("id", p.name());
            o.put("kind", p.kind());
            o.put("profile", p.profile());
            o.put("target", p.target());
            o.put("up", p.up() ? 1 : 0);
            o.put("error", p.error());
            o.put("duration_seconds", p.durationSeconds());
            o.put("runs", p.runs());
            o.put("errors", p.errors().values().stream().mapToLong(Long::longValue).sum());
            o.put("version", p.version());
            o.put("updated", p.updatedEpochMs() / 1000);
            o.put("certificate_expiry_timestamp", p.certificate() == null ? 0 : p.certificate().notAfterEpochSeconds());
        }
        return out;
    }

    static ArrayNode licenseItems(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (ProbeStatus p : probes) {
            ProbeStatus.License l = p.license();
            if (l == null) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("id", p.name());
            o.put("type", l.type());
            o.put("expected_type", l.expectedType());
            o.put("valid_till", l.validTill());
            o.put("expiry_known", l.expiryEpochSeconds() != null && l.daysRemaining() != null ? 1 : 0);
            o.put("expiry_timestamp", l.expiryEpochSeconds() == null ? 0 : l.expiryEpochSeconds());
            o.put("days_remaining", l.daysRemaining() == null ? 0 : l.daysRemaining());
            o.put("downgraded", l.downgraded() ? 1 : 0);
            o.put("expiring_soon", l.expiringSoon() ? 1 : 0);
            o.put("offline", l.offline() != null && l.offline() ? 1 : 0);
        }
        return out;
    }

    static ArrayNode storagerItems(Collection<ProbeStatus> probes) {
        ArrayNode out = ZabbixJson.JSON.createArrayNode();
        for (Storager s : storagers(probes)) {
            ObjectNode o = out.addObject();
            o.put("id", s.id());
            o.put("probe", s.probe());
            o.put("account", s.account());
            o.put("storager", s.storager());
            for (String state : STORAGER_STATES) {
                o.put(state, s.values().getOrDefault(state, 0.0).longValue());
            }
        }
        return out;
    }

    /** Probes down (HTTP probes and certificate checks), for the summary's failed_objects_cnt. */
    static long down(Collection<ProbeStatus> probes) {
        return probes.stream().filter(p -> !p.up()).count();
    }

    /** One storager of one account of one probe, from the probe's {@code storager_objects} samples. */
    record Storager(String probe, String account, String storager, Map<String, Double> values) {
        String id() {
            return probe + "/" + account + "/" + storager;
        }
    }

    static List<Storager> storagers(Collection<ProbeStatus> probes) {
        List<Storager> out = new ArrayList<>();
        for (ProbeStatus p : probes) {
            Map<String, Storager> byId = new LinkedHashMap<>();
            for (ProbeStatus.Sample s : p.samples()) {
                if (s.custom() || !STORAGER_SAMPLE.equals(s.name())) {
                    continue;
                }
                String account = label(s, "account");
                String storager = label(s, "storager");
                String state = label(s, "state");
                Storager st = byId.computeIfAbsent(account + "/" + storager,
                        k -> new Storager(p.name(), account, storager, new LinkedHashMap<>()));
                st.values().put(state, s.value());
            }
            out.addAll(byId.values());
        }
        return out;
    }

    private static String label(ProbeStatus.Sample s, String name) {
        List<String> l = s.labels();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            if (l.get(i).equals(name)) {
                return l.get(i + 1);
            }
        }
        return "";
    }
}
