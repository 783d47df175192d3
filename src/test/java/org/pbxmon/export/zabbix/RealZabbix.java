package org.pbxmon.export.zabbix;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pbxmon.testing.Await;

/**
 * A real Zabbix 6.0 on loopback, from Debian's packages, in a private directory: a private MariaDB
 * (mariadb-install-db, then mariadbd on its own port and socket) with the Zabbix schema, images and
 * data imported, {@code zabbix_server -f} with a private config, and the frontend API served by
 * {@code php -S} from a private copy of /usr/share/zabbix with its own zabbix.conf.php. Every process
 * runs under {@code nice -n 10}; {@link #close} stops the three processes it started.
 */
final class RealZabbix implements AutoCloseable {
    static final String SERVER = "/usr/sbin/zabbix_server";
    static final Path FRONTEND = Path.of("/usr/share/zabbix");
    static final Path SQL = Path.of("/usr/share/zabbix-server-mysql");
    static final String PACKAGES = "zabbix-server-mysql zabbix-frontend-php php-cli php-mysql mariadb-server";
    private static final Duration START = Duration.ofMinutes(3);

    final Path dir;
    final int dbPort;
    final int serverPort;
    final int webPort;
    private final List<Process> processes = new ArrayList<>();
    private ZabbixApi api;

    /** What is missing to run a real Zabbix here, or null when everything is installed. */
    static String missing() {
        List<String> m = new ArrayList<>();
        if (!new File(SERVER).canExecute() || !Files.isRegularFile(SQL.resolve("schema.sql.gz"))) {
            m.add("zabbix-server-mysql");
        }
        if (!Files.isRegularFile(FRONTEND.resolve("api_jsonrpc.php"))) {
            m.add("zabbix-frontend-php");
        }
        if (!onPath("php")) {
            m.add("php-cli");
        }
        if (!onPath("mariadbd") || !onPath("mariadb-install-db")) {
            m.add("mariadb-server");
        }
        if (!Files.isDirectory(Path.of("/etc/php")) || !phpHasMysqli()) {
            m.add("php-mysql");
        }
        return m.isEmpty() ? null : String.join(" ", m);
    }

    private static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (new File(d, cmd).canExecute()) {
                return true;
            }
        }
        return new File("/usr/sbin", cmd).canExecute() || new File("/usr/bin", cmd).canExecute();
    }

    private static boolean phpHasMysqli() {
        try {
            Process p = new ProcessBuilder("php", "-r", "exit(function_exists('mysqli_connect') ? 0 : 1);")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private RealZabbix() throws IOException {
        dir = Files.createTempDirectory("pbxmon-zabbix-");
        dbPort = freePort();
        serverPort = listenPort();
        webPort = freePort();
    }

    static RealZabbix start() throws Exception {
        RealZabbix z = new RealZabbix();
        try {
            z.startDb();
            z.startServer();
            z.startFrontend();
            return z;
        } catch (Throwable t) {
            z.close();
            throw t;
        }
    }

    ZabbixApi api() {
        return api;
    }

    private void startDb() throws Exception {
        Path data = Files.createDirectories(dir.resolve("db"));
        run("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
                "--auth-root-authentication-method=normal", "--skip-test-db");
        spawn("mariadb.log", "mariadbd", "--no-defaults", "--datadir=" + data, "--socket=" + socket(),
                "--port=" + dbPort, "--bind-address=127.0.0.1", "--user=root", "--pid-file=" + dir.resolve("mariadb.pid"),
                "--innodb-buffer-pool-size=128M", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin",
                "--log-error=" + dir.resolve("mariadb.err"));
        Await.until(START, () -> Files.exists(socket()) && sql("SELECT 1") == 0, true, "private MariaDB up (" + dir + ")");
        String created = "CREATE DATABASE zabbix CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
                + " CREATE USER zabbix@'127.0.0.1' IDENTIFIED BY 'zbx-it'; GRANT ALL ON zabbix.* TO zabbix@'127.0.0.1';";
        if (sql(created) != 0) {
            throw new AssertionError("cannot create the zabbix database: " + read("sql.log"));
        }
        for (String f : List.of("schema", "images", "data")) {
            run("bash", "-c", "zcat " + SQL.resolve(f + ".sql.gz") + " | mariadb --no-defaults -S " + socket() + " -uroot zabbix");
        }
    }

    private Path socket() {
        return dir.resolve("mariadb.sock");
    }

    private int sql(String statements) {
        try {
            Process p = new ProcessBuilder("mariadb", "--no-defaults", "-S", socket().toString(), "-uroot", "-e", statements)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sql.log").toFile()).start();
            return p.waitFor();
        } catch (Exception e) {
            return -1;
        }
    }

    private void startServer() throws Exception {
        Path conf = dir.resolve("zabbix_server.conf");
        Files.writeString(conf, String.join("\n",
                "LogFile=" + dir.resolve("zabbix_server.log"), "LogFileSize=0", "PidFile=" + dir.resolve("zabbix_server.pid"),
                "SocketDir=" + dir, "DBHost=127.0.0.1", "DBPort=" + dbPort, "DBName=zabbix", "DBUser=zabbix",
                "DBPassword=zbx-it", "ListenIP=127.0.0.1", "ListenPort=" + serverPort, "AllowUnsupportedDBVersions=1",
                "AllowRoot=1", "StartPollers=2", "StartHTTPPollers=2", "StartPollersUnreachable=1", "StartTrappers=2",
                "StartPingers=0", "StartDiscoverers=0", "StartAlerters=1", "StartTimers=1", "StartEscalators=1",
                "StartLLDProcessors=1", "StartPreprocessors=2", "StartDBSyncers=1", "StartHistoryPollers=1",
                "CacheUpdateFrequency=5", "HousekeepingFrequency=0", "LogSlowQueries=0", "Timeout=10", "") );
        spawn("zabbix_server.out", SERVER, "-f", "-c", conf.toString());
        Await.until(START, () -> read("zabbix_server.log").contains("started [trapper #1]"), true,
                "zabbix_server started (" + dir.resolve("zabbix_server.log") + ")");
    }

    private void startFrontend() throws Exception {
        Path web = dir.resolve("web");
        run("cp", "-r", FRONTEND + "/.", web + "/");
        // Debian's frontend reads /etc/zabbix/zabbix.conf.php; this copy reads its own
        Path cf = web.resolve("include/classes/core/CConfigFile.php");
        Files.writeString(cf, Files.readString(cf).replace("'/etc/zabbix/zabbix.conf.php'",
                "'" + web.resolve("conf/zabbix.conf.php") + "'"));
        Files.writeString(web.resolve("conf/zabbix.conf.php"), """
                <?php
                $DB['TYPE'] = 'MYSQL';
                $DB['SERVER'] = '127.0.0.1';
                $DB['PORT'] = '%d';
                $DB['DATABASE'] = 'zabbix';
                $DB['USER'] = 'zabbix';
                $DB['PASSWORD'] = 'zbx-it';
                $DB['SCHEMA'] = '';
                $DB['ENCRYPTION'] = false;
                $DB['KEY_FILE'] = '';
                $DB['CERT_FILE'] = '';
                $DB['CA_FILE'] = '';
                $DB['VERIFY_HOST'] = false;
                $DB['CIPHER_LIST'] = '';
                $DB['VAULT_URL'] = '';
                $DB['VAULT_DB_PATH'] = '';
                $DB['VAULT_TOKEN'] = '';
                $DB['DOUBLE_IEEE754'] = true;
                $ZBX_SERVER = '127.0.0.1';
                $ZBX_SERVER_PORT = '%d';
                $ZBX_SERVER_NAME = 'pbxmon-it';
                $IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
                """.formatted(dbPort, serverPort));
        spawn("php.log", "php", "-d", "memory_limit=512M", "-d", "max_execution_time=300", "-d", "post_max_size=32M",
                "-S", "127.0.0.1:" + webPort, "-t", web.toString());
        api = new ZabbixApi(webPort);
        Await.until(START, () -> {
            try {
                api.login();
                return true;
            } catch (AssertionError e) {
                return false;
            }
        }, true, "frontend API login on port " + webPort + " (" + dir.resolve("php.log") + ")");
    }

    /** The server log, for failure messages. */
    String serverLog() {
        return read("zabbix_server.log");
    }

    String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }

    private void run(String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("nice", "-n", "10"));
        c.addAll(Arrays.asList(cmd));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + read("run.log"));
        }
    }

    private void spawn(String log, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("nice", "-n", "10"));
        c.addAll(Arrays.asList(cmd));
        processes.add(new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start());
    }

    /** A free port in 1024..32767, the range zabbix_server's ListenPort accepts. */
    private static int listenPort() throws IOException {
        java.util.Random r = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int port = 20000 + r.nextInt(12000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // another one
            }
        }
        throw new IOException("no free port in 20000..32000");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops php, then zabbix_server (it stops its own children on SIGTERM), then MariaDB: the processes this started. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        // the private directory (a few hundred MB of database), unless asked to keep it for a post-mortem
        if (!Boolean.getBoolean("pbxmon.zabbix.keep")) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
