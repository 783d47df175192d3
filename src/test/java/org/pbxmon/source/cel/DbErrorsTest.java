package org.pbxmon.source.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DbErrorsTest {
    @Test
    void theRealCauseBehindThePoolTimeout() {
        SQLException cause = new SQLNonTransientConnectionException(
                "(conn=12) Access denied for user 'pbxmon'@'127.0.0.1' (using password: YES)", "28000", 1045);
        SQLException pool = new SQLTransientConnectionException(
                "pbxmon-cel-main - Connection is not available, request timed out after 5000ms.", "08001", cause);
        assertEquals("Access denied for user 'pbxmon'@'127.0.0.1' (using password: YES)",
                DbErrors.reason(pool, "s3cret-pw", "cel"));
        assertFalse(DbErrors.schema(pool));
    }

    @Test
    void schemaProblemsNameTheTable() {
        SQLException table = new SQLSyntaxErrorException("(conn=5) Table 'asteriskcel.cel' doesn't exist", "42S02", 1146);
        assertEquals("CEL table cel: Table 'asteriskcel.cel' doesn't exist", DbErrors.reason(table, "pw!", "cel"));
        assertTrue(DbErrors.schema(table));
        SQLException column = new SQLSyntaxErrorException("Unknown column 'linkedid' in 'SELECT'", "42S22", 1054);
        assertEquals("CEL table cel: Unknown column 'linkedid' in 'SELECT'", DbErrors.reason(column, "pw!", "cel"));
    }

    @Test
    void timeoutsOneLineShortAndNoSecret() {
        assertEquals("timed out: Query execution was interrupted (max_statement_time exceeded)",
                DbErrors.reason(new SQLTimeoutException("Query execution was interrupted (max_statement_time exceeded)",
                        "70100", 1969), "pw!", "cel"));
        String r = DbErrors.reason(new SQLException("bad thing with hunter22 in it\nsecond line"), "hunter22", "cel");
        assertEquals("bad thing with ****** in it", r);
        assertTrue(DbErrors.reason(new SQLException("x".repeat(1000)), null, "cel").length() <= DbErrors.MAX_LENGTH + 3);
        assertEquals("IllegalStateException", DbErrors.reason(new IllegalStateException(), null, "cel"));
    }
}
