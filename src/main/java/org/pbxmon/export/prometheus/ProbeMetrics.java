package org.pbxmon.export.prometheus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.ProbeStatus;

/**
 * HTTP probes and certificate checks as metrics: {@code pbxmon_probe_*}, {@code pbxmon_license_*},
 * {@code pbxmon_connector_*}, {@code pbxmon_backend_*}, the Webim counters, configured (generic)
 * metrics and {@code pbxmon_certificate_*}. A probe that cannot be rendered is skipped, never a 500.
 */
final class ProbeMetrics {
    private static final List<String> CONNECTOR_STATES = List.of("Ok", "Warning", "Error");
    /** Help of each built-in sample name; the metric is {@code pbxmon_<name>}. */
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("check_success", "1 if the probe's request answered as expected in its last run, else 0."),
            Map.entry("storager_objects", "Objects per account and storager (0, 1) by state: failed, collected, being_stored, being_stored_processed (Webim accounts-stat)."),
            Map.entry("channel_errors", "Errors per channel (Webim zabbix/channels error_cnt)."),
            Map.entry("account_blocked", "1 if the account is blocked (Webim account-state), else 0."),
            Map.entry("store_errors", "Store errors per account and object class (Webim collected-to-store-objects)."),
            Map.entry("connector_ami_logged_in", "1 if the connector's AMI session is logged in (Itgrix app.pbx.ami.logged_in)."),
            Map.entry("connector_db_connected", "1 if the connector's CEL database is connected (Itgrix app.pbx.db.connected)."),
            Map.entry("connector_cel_queue_calls", "Calls waiting in the connector's CEL queue (Itgrix app.pbx.cel_queue.calls)."),
            Map.entry("connector_cel_queue_pending_events", "CEL events pending in the connector (Itgrix app.pbx.cel_queue.pending_events)."),
            Map.entry("connector_cel_last_id", "Id of the last CEL row the connector read (Itgrix app.pbx.last_id)."),
            Map.entry("connector_crm_users", "CRM users in the connector's cache (Itgrix app.crm.users_cache.users)."),
            Map.entry("connector_crm_phones", "CRM phones in the connector's cache (Itgrix app.crm.users_cache.phones)."),
            Map.entry("backend_sessions", "Chat sessions on the backend (Webim zabbix/tornado sessions_cnt)."),
            Map.entry("backend_working_operators", "Working operators (Webim zabbix/tornado working_operators_cnt)."),
            Map.entry("backend_chats", "Chats (Webim zabbix/tornado chats_cnt)."),
            Map.entry("backend_accounts", "Active accounts on the backend (Webim zabbix/tornado accounts_cnt)."),
            Map.entry("backend_avg_long_poll_tries", "Average long-polling tries of clients (Webim mainInfo.avgNTries)."),
            Map.entry("backend_db_connected", "1 if the backend reaches its database (Webim connect-to-db 200), 0 on 500."),
            Map.entry("backend_alive", "1 if the chat backend answers its ping (Webim pingservice), else 0."),
            Map.entry("backend_ports_answering", "Backend TCP ports answering (Webim get-tornado-ports.php)."));

    private ProbeMetrics() {
    }

    static void render(Families f, Collection<ProbeStatus> probes) {
        Map<String, Boolean> customTypes = new HashMap<>();
        for (ProbeStatus p : probes) {
            try {
                if (ProbeStatus.CERTIFICATE.equals(p.kind())) {
                    certificate(f, p);
                } else {
                    probe(f, p, customTypes);
                }
            } catch (RuntimeException e) {
                // a probe that cannot be rendered is left out; the scrape still answers
            }
        }
    }

    private static void probe(Families f, ProbeStatus p, Map<String, Boolean> customTypes) {
        String probe = p.name();
        f.gauge("pbxmon_probe_up", "1 if the probe's main document was read in its last run, else 0.", p.up() ? 1 : 0,
                "probe", probe);
        f.gauge("pbxmon_probe_duration_seconds", "Duration of the probe's last run.", p.durationSeconds(), "probe", probe);
        f.counter("pbxmon_probe_runs", "Runs of the probe since the agent started.", p.runs(), "probe", probe);
        for (Map.Entry<String, Long> e : p.errors().entrySet()) {
            f.counter("pbxmon_probe_errors", "Problems found by the probe since the agent started, by reason.",
                    e.getValue(), "probe", probe, "reason", e.getKey());
        }
        if (!p.version().isEmpty()) {
            f.info("pbxmon_probe_target", "Product and version the probed target reports.", "probe", probe,
                    "profile", p.profile(), "version", p.version());
        }
        license(f, probe, p.license(), p.updatedEpochMs());
        if (p.connector() != null) {
            for (String s : CONNECTOR_STATES) {
                f.gauge("pbxmon_connector_status", "The connector's own status (app_status): 1 for the current state of Ok, Warning, Error.",
                        s.equals(p.connector().status()) ? 1 : 0, "probe", probe, "status", s);
            }
        }
        ProbeStatus.Backend b = p.backend();
        if (b != null) {
            f.counter("pbxmon_backend_restarts", "Backend restarts seen since the agent started (instance id or start time changed).",
                    b.restarts(), "probe", probe);
            if (b.startEpochSeconds() != null) {
                f.gauge("pbxmon_backend_start_timestamp_seconds", "When the backend last started, in Unix seconds (Webim mainInfo.startTs).",
                        b.startEpochSeconds(), "probe", probe);
            }
            if (b.storingEnabled() != null) {
                f.gauge("pbxmon_backend_storing_enabled", "1 if the backend can write to its database (Webim mainInfo.storingEnabled).",
                        b.storingEnabled() ? 1 : 0, "probe", probe);
            }
        }
        for (ProbeStatus.Sample s : p.samples()) {
            sample(f, probe, s, customTypes);
        }
    }

    private static void license(Families f, String probe, ProbeStatus.License l, long updatedEpochMs) {
        if (l == null) {
            return;
        }
        f.info("pbxmon_license", "The license type in force (Itgrix currentLicense.type).", "probe", probe, "type", l.type());
        f.gauge("pbxmon_license_downgraded", "1 if the license type ranks below the configured expected_type, else 0.",
                l.downgraded() ? 1 : 0, "probe", probe);
        if (l.expiryEpochSeconds() != null) {
            f.gauge("pbxmon_license_expiry_timestamp_seconds", "When the license expires: the end of valid_till in the connector's time zone, in Unix seconds.",
                    l.expiryEpochSeconds(), "probe", probe);
        }
        if (l.expiryEpochSeconds() != null && updatedEpochMs > 0) {
            // the pbxmon_license_days_remaining: promtool requires base units, so seconds here;
            // whole days are in /status (license.days_remaining)
            f.gauge("pbxmon_license_remaining_seconds", "Time left until the license expires, at the probe's last run (negative: expired).",
                    l.expiryEpochSeconds() - updatedEpochMs / 1000.0, "probe", probe);
        }
        if (l.offline() != null) {
            f.gauge("pbxmon_license_offline", "1 if the license is an offline license (Itgrix currentLicense.offline).",
                    l.offline() ? 1 : 0, "probe", probe);
        }
    }

    private static void sample(Families f, String probe, ProbeStatus.Sample s, Map<String, Boolean> customTypes) {
        List<String> labels = new ArrayList<>(s.labels().size() + 2);
        labels.add("probe");
        labels.add(probe);
        labels.addAll(s.labels());
        String[] l = labels.toArray(String[]::new);
        if (!s.custom()) {
            String help = HELP.getOrDefault(s.name(), "Probe value " + s.name() + ".");
            f.gauge("pbxmon_" + s.name(), help, s.value(), l);
            return;
        }
        Boolean counter = customTypes.putIfAbsent(s.name(), s.counter());
        if (counter != null && counter != s.counter()) {
            return; // one name, one type: the first probe's wins
        }
        if (s.counter()) {
            f.counter(s.name(), s.help(), s.value(), l);
        } else {
            f.gauge(s.name(), s.help(), s.value(), l);
        }
    }

    private static void certificate(Families f, ProbeStatus p) {
        f.gauge("pbxmon_certificate_check_success", "1 if the certificate could be read in the last check, else 0.",
                p.up() ? 1 : 0, "target", p.target());
        if (p.certificate() != null) {
            f.gauge("pbxmon_certificate_expiry_timestamp_seconds", "When the certificate (the first to expire in the chain or file) expires, in Unix seconds.",
                    p.certificate().notAfterEpochSeconds(), "target", p.target());
        }
    }
}
