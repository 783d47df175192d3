package org.pbxmon.source.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;

/**
 * The Itgrix CRM connector's {@code /status} (Digest auth, port 8077): license, the connector's own
 * Ok/Warning/Error, AMI and DB state, the CEL queue and the CRM users cache.
 */
final class ItgrixProfile implements Profile {
    static final String STATUS = "status";

    @Override
    public String name() {
        return "itgrix";
    }

    @Override
    public List<Request> requests(ProbeConfig config, long nowMs) {
        String path = config.url().getRawPath();
        return List.of(new Request(STATUS, path == null || path.isEmpty() || path.equals("/") ? "/status" : "", false));
    }

    @Override
    public void parse(ProbeConfig config, Map<String, Answer> answers, long nowMs, Reading out) {
        String what = "/status";
        JsonNode doc = out.document(answers.get(STATUS), what);
        out.up = doc != null;
        if (doc == null) {
            return;
        }
        String version = out.text(doc, "app.version", what);
        out.version = version == null ? "" : version;
        license(config.license(), doc, nowMs, out);
        String state = out.text(doc, "app.master.general.app_state", what);
        String status = out.text(doc, "app.master.general.app_status", what);
        String err = out.text(doc, "app.master.general.app_err", what);
        if (status != null && !List.of("Ok", "Warning", "Error").contains(status)) {
            out.problem("bad_value", what + ": app.master.general.app_status is " + Json.describe(Json.at(doc,
                    "app.master.general.app_status")) + " (expected Ok, Warning or Error)");
        }
        if (state != null || status != null || err != null) {
            out.connector = new ProbeStatus.Connector(state == null ? "" : state, status == null ? "" : status,
                    err == null ? "" : err);
        }
        out.gaugeOf(doc, "app.pbx.ami.logged_in", what, "connector_ami_logged_in");
        out.gaugeOf(doc, "app.pbx.db.connected", what, "connector_db_connected");
        out.gaugeOf(doc, "app.pbx.cel_queue.calls", what, "connector_cel_queue_calls");
        out.gaugeOf(doc, "app.pbx.cel_queue.pending_events", what, "connector_cel_queue_pending_events");
        out.gaugeOf(doc, "app.pbx.last_id", what, "connector_cel_last_id");
        out.gaugeOf(doc, "app.crm.users_cache.users", what, "connector_crm_users");
        out.gaugeOf(doc, "app.crm.users_cache.phones", what, "connector_crm_phones");
        GenericProfile.map(config.metrics(), doc, what, out);
    }

    private static void license(ProbeConfig.License cfg, JsonNode doc, long nowMs, Reading out) {
        String what = "/status";
        String type = out.text(doc, "app.license_manager.currentLicense.type", what);
        if (type == null) {
            return;
        }
        Boolean offline = out.bool(doc, "app.license_manager.currentLicense.offline", what);
        String softMode = out.text(doc, "app.license_manager.soft_mode", what);
        String validTill = out.text(doc, "app.license_manager.currentLicense.valid_till", what);
        Long expiry = null;
        Long days = null;
        boolean soon = false;
        if (validTill != null) {
            LocalDate date = LicenseMath.date(validTill);
            if (date == null) {
                out.problem("bad_value", what + ": app.license_manager.currentLicense.valid_till is "
                        + Json.describe(Json.at(doc, "app.license_manager.currentLicense.valid_till"))
                        + " (expected YYYY-MM-DD)");
            } else {
                Instant end = LicenseMath.expiry(date, zone(cfg, doc));
                Instant now = Instant.ofEpochMilli(nowMs);
                expiry = end.getEpochSecond();
                days = LicenseMath.daysRemaining(end, now);
                soon = LicenseMath.expiringSoon(end, now, cfg.warnDays());
            }
        }
        out.license = new ProbeStatus.License(type, cfg.expectedType(), validTill == null ? "" : validTill, expiry,
                days, LicenseMath.downgraded(type, cfg.expectedType()), soon, offline, softMode == null ? "" : softMode);
    }

    /** The configured zone, else the offset the connector writes in its own timestamps, else UTC. */
    static ZoneId zone(ProbeConfig.License cfg, JsonNode doc) {
        if (cfg.timezone() != null) {
            return cfg.timezone();
        }
        for (String p : List.of("app.master.general.app_status_updated", "app.crm.users_cache.last_updated")) {
            JsonNode n = Json.at(doc, p);
            ZoneOffset o = n == null ? null : LicenseMath.offsetOf(n.asText());
            if (o != null) {
                return o;
            }
        }
        return ZoneOffset.UTC;
    }
}
