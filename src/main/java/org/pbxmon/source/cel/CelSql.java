package org.pbxmon.source.cel;

/**
 * THE SQL of the CEL source. Every query is bounded by the primary key: {@code ORDER BY id} with a
 * LIMIT, or a range {@code id > ? AND id <= ?} with a LIMIT. None scans the table; the benchmark shows
 * each one's EXPLAIN on 10,000,000 rows (docs/BENCHMARKS.md). {@code %s} is the table, quoted by
 * {@link #table(String)} from a name the config has already restricted to letters, digits and _.
 */
final class CelSql {
    /** Rows read by one tail query. */
    static final int TAIL_BATCH = 5_000;
    /** Rows the tail reads in one poll at most; a backlog is read over several polls. */
    static final int TAIL_MAX_PER_POLL = 50_000;
    /** Pending rows counted exactly; beyond, pending events is MAX(id) - watermark. */
    static final int PENDING_CAP = 10_000;

    /** The newest row; also proves that every column the source uses exists. */
    static final String LAST_ROW = "SELECT id, eventtype, eventtime, linkedid FROM %s ORDER BY id DESC LIMIT 1";
    /** The first row at or after an id (for the open-call window's start, by bisection on the key). */
    static final String ROW_AT = "SELECT id, eventtime FROM %s WHERE id >= ? ORDER BY id LIMIT 1";
    /** The oldest row. */
    static final String FIRST_ROW = "SELECT id, eventtime FROM %s ORDER BY id LIMIT 1";
    /** The next rows after the tail position, up to the MAX(id) of this poll. */
    static final String TAIL = "SELECT id, eventtype, eventtime, linkedid FROM %s WHERE id > ? AND id <= ? ORDER BY id LIMIT ?";
    /** Pending rows and their distinct calls after the watermark, counted in the first PENDING_CAP rows. */
    static final String PENDING = "SELECT COUNT(*), COUNT(DISTINCT linkedid) FROM "
            + "(SELECT linkedid FROM %s WHERE id > ? AND id <= ? ORDER BY id LIMIT ?) AS p";

    /** Query names, as in {@code pbxmon_db_query_duration_seconds{query}}. */
    static final String Q_LAST_ROW = "last_row";
    static final String Q_WINDOW = "window_start";
    static final String Q_TAIL = "tail";
    static final String Q_CONSUMER = "consumer";
    static final String Q_PENDING = "pending";

    private CelSql() {
    }

    /** {@code `cel`} or {@code `db`.`cel`}. */
    static String table(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? "`" + name + "`" : "`" + name.substring(0, dot) + "`.`" + name.substring(dot + 1) + "`";
    }

    static String sql(String template, String table) {
        return template.formatted(table(table));
    }
}
