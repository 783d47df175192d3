package org.pbxmon.source.cel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.pbxmon.config.CelConfig;
import org.pbxmon.config.Secret;
import org.pbxmon.testing.MariaDb;

/** One test's CEL database on the shared test MariaDB: the real schema, the real sample rows. */
final class CelDb {
    static final String RO_USER = "pbxmon_cel_ro";
    static final String RO_PASSWORD = "ro-S3cret-cel-77";
    /** Every column but id, to copy rows. */
    static final String COLUMNS_NO_ID = MariaDb.COLUMNS.substring("id,".length());
    static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    final MariaDb server = MariaDb.shared();
    final String name;

    CelDb(String prefix) throws SQLException {
        name = server.newDatabase(prefix);
    }

    /** The {@code cel} table with the sample rows, the newest one minute old in {@code zone}. */
    CelDb withSample(ZoneId zone) throws SQLException {
        server.createCelTable(name, "cel");
        server.loadSample(name, "cel");
        shiftToNow(zone, Duration.ofMinutes(1));
        server.createReadOnlyUser(RO_USER, RO_PASSWORD, name, "cel");
        return this;
    }

    /** Moves every eventtime so that the newest row is {@code ago} old in {@code zone}. */
    void shiftToNow(ZoneId zone, Duration ago) throws SQLException {
        String target = SQL_TIME.format(LocalDateTime.now(zone).minus(ago));
        long micros = scalar("SELECT TIMESTAMPDIFF(MICROSECOND, MAX(eventtime), '" + target + "') FROM cel");
        server.exec(name, "UPDATE cel SET eventtime = eventtime + INTERVAL " + micros + " MICROSECOND");
    }

    /** Inserts one row; returns its id. */
    long insert(String eventtype, LocalDateTime eventtime, String linkedid) throws SQLException {
        try (Connection c = server.admin(name);
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO cel (eventtype, eventtime, uniqueid, linkedid) VALUES (?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, eventtype);
            ps.setString(2, SQL_TIME.format(eventtime));
            ps.setString(3, linkedid);
            ps.setString(4, linkedid);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long scalar(String sql) throws SQLException {
        try (Connection c = server.admin(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String scalarText(String sql) throws SQLException {
        try (Connection c = server.admin(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Distinct linkedids of the sample rows with id > {@code after}. */
    static int sampleCallsAfter(long after) {
        Set<String> ids = new HashSet<>();
        for (String[] r : MariaDb.sampleRows()) {
            if (Long.parseLong(r[0]) > after) {
                ids.add(r[18]);
            }
        }
        return ids.size();
    }

    String url() {
        return server.url(name);
    }

    /** The same database through a proxy on {@code port}. */
    String urlVia(int port) {
        return url().replace(server.hostPort(), "127.0.0.1:" + port);
    }

    /** Fast timings for tests: poll 200 ms, query timeout 2 s, connect 1 s, stall window 2 s. */
    static CelConfig config(String url, String user, String password, String table, ZoneId zone, String consumer) {
        return new CelConfig(url, user, Secret.of(password), table, zone, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 2, consumer, Duration.ofHours(1), Duration.ofSeconds(2), null, null);
    }

    CelConfig config(ZoneId zone, String consumer) {
        return config(url(), RO_USER, RO_PASSWORD, "cel", zone, consumer);
    }
}
