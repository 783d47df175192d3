package org.pbxmon.incident.store;

import java.sql.SQLException;
import java.util.Set;

/**
 * Turns a JDBC failure into one short line for a {@link org.pbxmon.incident.StoreException}: the
 * innermost database message (HikariCP's "Connection is not available" hides the real cause), on one
 * line, without the driver's {@code (conn=N)} prefix, and never with the password in it.
 */
final class StoreErrors {
    static final int MAX_LENGTH = 300;
    /** SQLStates worth running the whole transaction again: a deadlock, or a row another agent inserted first. */
    private static final Set<String> RETRY_STATES = Set.of("40001", "23505");
    private static final int MARIADB_DUPLICATE_KEY = 1062;
    private static final int MARIADB_DEADLOCK = 1213;

    private StoreErrors() {
    }

    /** The reason of {@code e}, with {@code secret} (if at least 3 characters) masked. */
    static String reason(Throwable e, String secret) {
        Throwable t = innermostSql(e);
        if (t == null) {
            t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
        }
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        msg = msg.replaceFirst("^\\(conn=\\d+\\)\\s*", "").strip();
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl).strip();
        }
        // H2 appends "; SQL statement:" and the statement: the statement is noise here
        int sqlAt = msg.indexOf("; SQL statement:");
        if (sqlAt > 0) {
            msg = msg.substring(0, sqlAt);
        }
        if (secret != null && secret.length() >= 3) {
            msg = msg.replace(secret, "******");
        }
        return msg.length() > MAX_LENGTH ? msg.substring(0, MAX_LENGTH) + "..." : msg;
    }

    /** True when running the transaction again may succeed: a deadlock, or a concurrent insert of the same key. */
    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null && RETRY_STATES.contains(sql.getSQLState())) {
                    return true;
                }
                if (sql.getErrorCode() == MARIADB_DEADLOCK || sql.getErrorCode() == MARIADB_DUPLICATE_KEY) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The H2 error code of {@code e} (see {@code org.h2.api.ErrorCode}), or 0. */
    static int h2Code(Throwable e) {
        SQLException sql = innermostSql(e);
        return sql == null ? 0 : sql.getErrorCode();
    }

    private static SQLException innermostSql(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }
}
