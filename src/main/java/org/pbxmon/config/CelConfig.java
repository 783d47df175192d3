package org.pbxmon.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to read one PBX's Asterisk CEL table (the {@code cel:} block of a PBX). The password is a
 * {@link Secret} and the URL never holds one (the binder refuses it), so {@link #toString()} is safe
 * to log.
 *
 * @param url            {@code jdbc:mariadb://host:port/database[?options]}, without credentials
 * @param table          the CEL table, {@code name} or {@code database.name} (letters, digits, _)
 * @param timeZone       the zone of {@code eventtime} as Asterisk writes it: UTC when cel_odbc.conf has
 *                       {@code usegmtime=yes}, else the Asterisk host's local zone
 * @param pollInterval   time between the end of one poll and the start of the next
 * @param queryTimeout   statement timeout of every query (whole seconds, at least 1)
 * @param connectTimeout how long a poll waits for a database connection
 * @param poolSize       maximum connections of the pool, 1..10
 * @param consumerQuery  SQL returning one number, the last CEL id a consumer (a CRM connector) has
 *                       processed; null: the agent's own tail position is the watermark
 * @param openCallWindow calls whose CHAN_START is older than this no longer count as open
 * @param stallWindow    stalled: AMI saw call activity within this window but no CEL row arrived in it
 * @param consumerProbe  name of an HTTP probe whose reading is the watermark (e.g. an Itgrix probe,
 *                       whose {@code app.pbx.last_id} it reads; or a generic probe mapping a JSON
 *                       path), null when none
 * @param consumerProbeMetric the probe sample holding the id; {@code connector_cel_last_id} (Itgrix's
 *                       {@code app.pbx.last_id}) unless a generic mapping names another
 */
public record CelConfig(String url, String username, Secret password, String table, ZoneId timeZone,
        Duration pollInterval, Duration queryTimeout, Duration connectTimeout, int poolSize,
        String consumerQuery, Duration openCallWindow, Duration stallWindow, String consumerProbe,
        String consumerProbeMetric) {

    public CelConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(openCallWindow, "openCallWindow");
        Objects.requireNonNull(stallWindow, "stallWindow");
    }

    /** {@code user@host:port/database}, for logs and /status: no options, never the password. */
    public String describe() {
        String rest = url.substring(url.indexOf("//") + 2);
        int q = rest.indexOf('?');
        return username + "@" + (q < 0 ? rest : rest.substring(0, q));
    }

    /**
     * "sql" when a consumer query gives the watermark, "probe" when an HTTP probe's reading does,
     * "agent" when the agent's own tail does.
     */
    public String consumerKind() {
        return consumerQuery != null ? "sql" : consumerProbe != null ? "probe" : "agent";
    }
}
