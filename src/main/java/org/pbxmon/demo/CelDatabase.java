package org.pbxmon.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxmon.sim.CelEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's CEL database: an in-memory H2 database in MariaDB mode with the lab PBX's {@code cel}
 * table, filled by the simulator's calls (as cel_odbc would), and a CRM connector that consumes it in
 * id order and falls behind now and then. Its watermark is in table {@code cel_consumer}, read by the
 * CEL source's {@code consumer.query}. Times are written in UTC ({@code usegmtime=yes}).
 */
public final class CelDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CelDatabase.class);
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** The table of {@code shared/fixtures/cel/cel-schema.sql} (MariaDB 10.11), as H2 takes it in MariaDB mode. */
    static final String SCHEMA = """
            CREATE TABLE `cel` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `eventtype` varchar(30) NOT NULL,
              `eventtime` datetime(6) NOT NULL,
              `userdeftype` varchar(255) NOT NULL DEFAULT '',
              `cid_name` varchar(80) NOT NULL DEFAULT '',
              `cid_num` varchar(80) NOT NULL DEFAULT '',
              `cid_ani` varchar(80) NOT NULL DEFAULT '',
              `cid_rdnis` varchar(80) NOT NULL DEFAULT '',
              `cid_dnid` varchar(80) NOT NULL DEFAULT '',
              `exten` varchar(80) NOT NULL DEFAULT '',
              `context` varchar(80) NOT NULL DEFAULT '',
              `channame` varchar(80) NOT NULL DEFAULT '',
              `appname` varchar(80) NOT NULL DEFAULT '',
              `appdata` varchar(512) NOT NULL DEFAULT '',
              `amaflags` int(11) NOT NULL DEFAULT 0,
              `accountcode` varchar(80) NOT NULL DEFAULT '',
              `peeraccount` varchar(80) NOT NULL DEFAULT '',
              `uniqueid` varchar(150) NOT NULL DEFAULT '',
              `linkedid` varchar(150) NOT NULL DEFAULT '',
              `userfield` varchar(255) NOT NULL DEFAULT '',
              `peer` varchar(80) NOT NULL DEFAULT '',
              `extra` varchar(1024) NOT NULL DEFAULT '',
              PRIMARY KEY (`id`)
            )""";
    static final String[] INDEXES = {
        "CREATE INDEX `uniqueid_index` ON `cel` (`uniqueid`)",
        "CREATE INDEX `linkedid_index` ON `cel` (`linkedid`)",
        "CREATE INDEX `eventtime_index` ON `cel` (`eventtime`)",
    };
    static final String CONSUMER_TABLE = "CREATE TABLE `cel_consumer` (`name` varchar(40) PRIMARY KEY, `last_id` bigint NOT NULL)";
    /** What the CEL source asks for the consumer's watermark. */
    public static final String CONSUMER_QUERY = "SELECT last_id FROM cel_consumer WHERE name = 'itgrix'";
    private static final String INSERT = "INSERT INTO `cel` (eventtype, eventtime, userdeftype, cid_name, cid_num, cid_ani,"
            + " exten, context, channame, appname, appdata, amaflags, uniqueid, linkedid, peer, extra)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The consumer's cycle: it keeps up, then stalls for {@link #BEHIND_MS}, every {@link #CYCLE_MS}. */
    static final long CYCLE_MS = 90_000;
    static final long BEHIND_FROM_MS = 35_000;
    static final long BEHIND_MS = 25_000;
    /** Rows kept (about three hours of the demo), so that a demo left running does not fill the heap. */
    static final long KEEP_ROWS = 50_000;

    private final String url;
    private final Connection conn;
    private final BlockingQueue<CelEvents.Row> queue = new LinkedBlockingQueue<>(100_000);
    private final ScheduledExecutorService exec;
    private final long startedMs = System.currentTimeMillis();
    private volatile long lastId;
    private volatile long consumerLastId;
    private volatile long pendingCalls;
    private volatile boolean behind;

    private CelDatabase(String url, Connection conn) {
        this.url = url;
        this.conn = conn;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbxmon-demo-cel");
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the database and its tables; starts the writer and the consumer. */
    public static CelDatabase start() throws SQLException {
        String url = "jdbc:h2:mem:pbxmon-demo-cel-" + SEQ.incrementAndGet()
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Connection c = DriverManager.getConnection(url, "sa", "");
        try (Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            for (String i : INDEXES) {
                s.execute(i);
            }
            s.execute(CONSUMER_TABLE);
            s.execute("INSERT INTO `cel_consumer` VALUES ('itgrix', 0)");
        }
        CelDatabase db = new CelDatabase(url, c);
        db.exec.scheduleWithFixedDelay(db::writeQuietly, 250, 250, TimeUnit.MILLISECONDS);
        db.exec.scheduleWithFixedDelay(db::consumeQuietly, 2_000, 2_000, TimeUnit.MILLISECONDS);
        db.exec.scheduleWithFixedDelay(db::pruneQuietly, 60, 60, TimeUnit.SECONDS);
        return db;
    }

    /** A new connection to the database (the MariaDB front opens one per client). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** Queues a row; never blocks (the simulator calls it under its lock). */
    public void accept(CelEvents.Row row) {
        queue.offer(row);
    }

    /** Highest id written so far. */
    long lastId() {
        return lastId;
    }

    /** The consumer's watermark: the last id it has processed. */
    long consumerLastId() {
        return consumerLastId;
    }

    /** Whether the consumer is in its slow phase (it has stopped taking rows). */
    boolean behind() {
        return behind;
    }

    /** Distinct calls among the rows the consumer has not processed yet (at its last step). */
    long pendingCalls() {
        return pendingCalls;
    }

    private void writeQuietly() {
        try {
            write();
        } catch (SQLException | RuntimeException e) {
            log.debug("demo CEL insert failed: {}", e.toString());
        }
    }

    private void write() throws SQLException {
        List<CelEvents.Row> rows = new ArrayList<>();
        queue.drainTo(rows, 5_000);
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
            for (CelEvents.Row r : rows) {
                ps.setString(1, r.eventtype());
                ps.setObject(2, LocalDateTime.ofInstant(r.eventtime(), ZoneOffset.UTC));
                ps.setString(3, r.userdeftype());
                ps.setString(4, r.cidName());
                ps.setString(5, r.cidNum());
                ps.setString(6, r.cidAni());
                ps.setString(7, r.exten());
                ps.setString(8, r.context());
                ps.setString(9, r.channame());
                ps.setString(10, r.appname());
                ps.setString(11, r.appdata());
                ps.setInt(12, r.amaflags());
                ps.setString(13, r.uniqueid());
                ps.setString(14, r.linkedid());
                ps.setString(15, r.peer());
                ps.setString(16, r.extra());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM `cel`")) {
            if (rs.next()) {
                lastId = rs.getLong(1);
            }
        }
    }

    private void pruneQuietly() {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM `cel` WHERE id <= ?")) {
            ps.setLong(1, lastId - KEEP_ROWS);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            log.debug("demo CEL pruning failed: {}", e.toString());
        }
    }

    private void consumeQuietly() {
        try {
            consume();
        } catch (SQLException | RuntimeException e) {
            log.debug("demo CEL consumer failed: {}", e.toString());
        }
    }

    /** One step of the connector: everything written so far, unless it is in its slow phase. */
    private void consume() throws SQLException {
        long phase = (System.currentTimeMillis() - startedMs) % CYCLE_MS;
        behind = phase >= BEHIND_FROM_MS && phase < BEHIND_FROM_MS + BEHIND_MS;
        long target = behind ? consumerLastId : lastId;
        if (target != consumerLastId) {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE `cel_consumer` SET last_id = ? WHERE name = 'itgrix'")) {
                ps.setLong(1, target);
                ps.executeUpdate();
            }
            consumerLastId = target;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(DISTINCT linkedid) FROM `cel` WHERE id > ?")) {
            ps.setLong(1, consumerLastId);
            try (ResultSet rs = ps.executeQuery()) {
                pendingCalls = rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Statement s = conn.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already gone
        }
        try {
            conn.close();
        } catch (SQLException e) {
            // already gone
        }
    }
}
