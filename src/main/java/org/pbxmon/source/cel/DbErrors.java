package org.pbxmon.source.cel;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Turns a JDBC failure into the short reason shown in /status, /health/db and the log: the innermost
 * database message (HikariCP's "Connection is not available" hides the real cause), without the
 * driver's {@code (conn=N)} prefix, on one line, and never with the password in it.
 */
final class DbErrors {
    static final int MAX_LENGTH = 300;
    /** MariaDB error codes of a schema problem: no such table, no such column, SELECT denied. */
    static final int NO_SUCH_TABLE = 1146;
    static final int BAD_FIELD = 1054;
    static final int TABLE_ACCESS_DENIED = 1142;

    private DbErrors() {
    }

    /**
     * The reason of {@code e}, with {@code secret} (if any) masked; a schema problem is prefixed with
     * the CEL table's name unless {@code table} is null.
     */
    static String reason(Throwable e, String secret, String table) {
        SQLException sql = innermostSql(e);
        Throwable t = sql != null ? sql : e;
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        msg = msg.replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        if (sql instanceof SQLTimeoutException || (sql != null && "70100".equals(sql.getSQLState()))) {
            msg = "timed out: " + msg;
        }
        if (table != null && sql != null && (sql.getErrorCode() == NO_SUCH_TABLE || sql.getErrorCode() == BAD_FIELD
                || sql.getErrorCode() == TABLE_ACCESS_DENIED)) {
            msg = "CEL table " + table + ": " + msg;
        }
        if (secret != null && secret.length() >= 3) {
            msg = msg.replace(secret, "******");
        }
        return msg.length() > MAX_LENGTH ? msg.substring(0, MAX_LENGTH) + "..." : msg;
    }

    /** True when the connection broke (SQLState class 08): worth one retry on a fresh connection. */
    static boolean connectionLost(Throwable e) {
        SQLException sql = innermostSql(e);
        return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }

    /** True when the failure means the table or a column is missing or unreadable. */
    static boolean schema(Throwable e) {
        SQLException sql = innermostSql(e);
        return sql != null && (sql.getErrorCode() == NO_SUCH_TABLE || sql.getErrorCode() == BAD_FIELD
                || sql.getErrorCode() == TABLE_ACCESS_DENIED);
    }

    private static SQLException innermostSql(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
            }
        }
        return found;
    }
}
