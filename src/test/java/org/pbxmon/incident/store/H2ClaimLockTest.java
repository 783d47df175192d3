package org.pbxmon.incident.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.incident.OutboxRow;

/**
 * A claim on H2 locks only the rows it leases. H2 locks every row a {@code FOR UPDATE} matches before it
 * applies the LIMIT; claiming that way, a backlog of 10,000 rows made each claim of 4 take 0.5 to 1 s (the
 * incident benchmark, docs/BENCHMARKS.md), and deliveries fell further behind the longer it lasted.
 */
class H2ClaimLockTest {
    @TempDir
    Path dir;

    @Test
    void aClaimLocksOnlyTheRowsItLeases() throws Exception {
        try (HikariDataSource ds = Databases.openH2(dir)) {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (event_id, callback, payload, state,"
                            + " attempts, created_ms, next_attempt_ms) VALUES (?, 'hook', '{}', 'pending', 0, 1, 1)")) {
                for (int i = 1; i <= 8; i++) {
                    ps.setString(1, "evt_" + i);
                    ps.executeUpdate();
                }
            }
            try (Connection claimer = ds.getConnection(); Connection other = ds.getConnection()) {
                claimer.setAutoCommit(false);
                List<OutboxRow> rows = OutboxSql.claim(claimer, "hook", "a1", 4, 60_000, 1_000);
                assertEquals(List.of("evt_1", "evt_2", "evt_3", "evt_4"), rows.stream().map(OutboxRow::eventId).toList());
                // the claim's transaction is still open: a row it did not lease must not be locked
                other.setAutoCommit(false);
                try (Statement s = other.createStatement()) {
                    s.execute("SET LOCK_TIMEOUT 1000");
                    assertEquals(1, s.executeUpdate("UPDATE outbox SET attempts = 1 WHERE event_id = 'evt_6'"));
                } catch (SQLException e) {
                    throw new AssertionError("evt_6 is locked by a claim that did not lease it: " + e.getMessage(), e);
                }
                other.commit();
                claimer.commit();
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(List.of("evt_5", "evt_6", "evt_7", "evt_8"),
                        OutboxSql.claim(c, "hook", "a1", 10, 60_000, 1_000).stream().map(OutboxRow::eventId).toList(),
                        "the leased rows are not due again until their lease runs out");
            }
        }
    }
}
