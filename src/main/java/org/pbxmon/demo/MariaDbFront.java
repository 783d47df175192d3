package org.pbxmon.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback MariaDB server for the demo: just enough of the client/server protocol (handshake with
 * {@code mysql_native_password}, text queries, ping, quit) for MariaDB Connector/J and HikariCP, in
 * front of the demo's H2 database. It lets the CEL source run unchanged, with its real driver and
 * pool, on a database that needs nothing installed.
 *
 * <p>Session statements ({@code SET ...}, {@code SELECT @@var}) are answered here; everything else
 * runs on H2 in MariaDB mode (the {@code SET STATEMENT max_statement_time=N FOR} prefix the driver
 * adds for a query timeout becomes an H2 query timeout). No TLS, no prepared statements on the server
 * side (the driver's default is client-side), no compression.
 */
final class MariaDbFront implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MariaDbFront.class);
    static final String SERVER_VERSION = "5.5.5-10.11.8-MariaDB-pbxmon-demo";

    // capability flags
    private static final int LONG_FLAG = 0x4;
    private static final int CONNECT_WITH_DB = 0x8;
    private static final int PROTOCOL_41 = 0x200;
    private static final int TRANSACTIONS = 0x2000;
    private static final int SECURE_CONNECTION = 0x8000;
    private static final int MULTI_RESULTS = 0x20000;
    private static final int PLUGIN_AUTH = 0x80000;
    private static final int PLUGIN_AUTH_LENENC = 0x200000;
    private static final int CAPABILITIES = LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | TRANSACTIONS
            | SECURE_CONNECTION | MULTI_RESULTS | PLUGIN_AUTH | PLUGIN_AUTH_LENENC;
    private static final int STATUS_AUTOCOMMIT = 0x2;
    private static final int UTF8MB4 = 45;
    private static final int BINARY = 63;

    private static final Pattern TIMEOUT_PREFIX = Pattern.compile(
            "(?is)^\\s*SET\\s+STATEMENT\\s+max_statement_time\\s*=\\s*([0-9.]+)\\s+FOR\\s+");
    private static final Pattern SESSION = Pattern.compile("(?is)^\\s*(SET|USE|BEGIN|START\\s+TRANSACTION|COMMIT|ROLLBACK)\\b.*");
    private static final Pattern VARIABLES = Pattern.compile("(?is)^\\s*SELECT\\s+(@@.*)$");
    private static final Pattern SHOW = Pattern.compile("(?is)^\\s*SHOW\\b.*");
    private static final Map<String, String> VARS = Map.of(
            "transaction_isolation", "REPEATABLE-READ",
            "tx_isolation", "REPEATABLE-READ",
            "max_allowed_packet", "16777216",
            "wait_timeout", "28800",
            "auto_increment_increment", "1",
            "time_zone", "SYSTEM",
            "system_time_zone", "UTC",
            "lower_case_table_names", "0",
            "version", SERVER_VERSION.substring(6));
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final CelDatabase db;
    private final String user;
    private final byte[] passwordSha1;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger(100);
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private MariaDbFront(CelDatabase db, String user, String password) throws IOException {
        this.db = db;
        this.user = user;
        this.passwordSha1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "pbxmon-demo-mariadb");
        this.acceptor.setDaemon(true);
    }

    /** Listens on an ephemeral loopback port; accepts {@code user} with {@code password}. */
    static MariaDbFront start(CelDatabase db, String user, String password) throws IOException {
        MariaDbFront f = new MariaDbFront(db, user, password);
        f.acceptor.start();
        return f;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "pbxmon-demo-mariadb-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    log.debug("demo MariaDB accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; Connection h2 = db.connect()) {
            s.setTcpNoDelay(true);
            Session session = new Session(s.getInputStream(), s.getOutputStream());
            if (session.handshake()) {
                session.commands(h2);
            }
        } catch (EOFException e) {
            // the client went away
        } catch (IOException | SQLException e) {
            if (!closed) {
                log.debug("demo MariaDB session ended: {}", e.toString());
            }
        } finally {
            clients.remove(s);
        }
    }

    /** One client connection: packets with a sequence number, in the order of the protocol. */
    private final class Session {
        private final DataInputStream in;
        private final OutputStream out;
        private int seq;

        Session(InputStream in, OutputStream out) {
            this.in = new DataInputStream(in);
            this.out = out;
        }

        boolean handshake() throws IOException {
            byte[] seed = new byte[20];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = (byte) ('!' + random.nextInt(90));
            }
            Buf h = new Buf();
            h.u8(10).zstr(SERVER_VERSION).u32(threadIds.incrementAndGet()).raw(seed, 0, 8).u8(0)
                    .u16(CAPABILITIES & 0xffff).u8(UTF8MB4).u16(STATUS_AUTOCOMMIT).u16(CAPABILITIES >>> 16)
                    .u8(21).raw(new byte[10], 0, 10).raw(seed, 8, 12).u8(0).zstr("mysql_native_password");
            seq = 0;
            send(h);
            byte[] p = read();
            int pos = 4 + 4 + 1 + 23;
            int end = indexOf(p, pos);
            String name = new String(p, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            int len = p[pos] & 0xff;
            pos++;
            if (len == 0xfc) {
                len = (p[pos] & 0xff) | (p[pos + 1] & 0xff) << 8;
                pos += 2;
            }
            byte[] token = new byte[Math.min(len, Math.max(0, p.length - pos))];
            System.arraycopy(p, pos, token, 0, token.length);
            if (!name.equals(user) || !validToken(token, seed)) {
                error(1045, "28000", "Access denied for user '" + name + "'@'localhost' (using password: "
                        + (token.length > 0 ? "YES" : "NO") + ")");
                return false;
            }
            ok(0);
            return true;
        }

        /** mysql_native_password: SHA1(password) XOR SHA1(seed + SHA1(SHA1(password))). */
        private boolean validToken(byte[] token, byte[] seed) {
            if (token.length != 20) {
                return false;
            }
            byte[] mix = sha1(concat(seed, sha1(passwordSha1)));
            byte[] expected = new byte[20];
            for (int i = 0; i < 20; i++) {
                expected[i] = (byte) (passwordSha1[i] ^ mix[i]);
            }
            return MessageDigest.isEqual(expected, token);
        }

        void commands(Connection h2) throws IOException {
            while (!closed) {
                byte[] p = read();
                if (p.length == 0) {
                    continue;
                }
                switch (p[0]) {
                    case 0x01 -> {
                        return; // COM_QUIT
                    }
                    case 0x02, 0x0e, 0x1f -> ok(0); // COM_INIT_DB, COM_PING, COM_RESET_CONNECTION
                    case 0x03 -> query(h2, new String(p, 1, p.length - 1, StandardCharsets.UTF_8));
                    default -> error(1047, "08S01", "Unknown command " + (p[0] & 0xff));
                }
            }
        }

        private void query(Connection h2, String sql) throws IOException {
            int timeout = 0;
            Matcher m = TIMEOUT_PREFIX.matcher(sql);
            if (m.find()) {
                timeout = (int) Math.ceil(Double.parseDouble(m.group(1)));
                sql = sql.substring(m.end());
            }
            if (SESSION.matcher(sql).matches()) {
                ok(0);
                return;
            }
            Matcher vars = VARIABLES.matcher(sql);
            if (vars.matches()) {
                variables(vars.group(1));
                return;
            }
            if (SHOW.matcher(sql).matches()) {
                resultSet(List.of("Variable_name", "Value"), new int[] {Types.VARCHAR, Types.VARCHAR}, List.of());
                return;
            }
            try (Statement st = h2.createStatement()) {
                st.setQueryTimeout(timeout);
                if (st.execute(sql)) {
                    try (ResultSet rs = st.getResultSet()) {
                        send(rs);
                    }
                } else {
                    ok(Math.max(0, st.getUpdateCount()));
                }
            } catch (SQLException e) {
                String state = e.getSQLState() != null && e.getSQLState().length() == 5 ? e.getSQLState() : "HY000";
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                int nl = msg.indexOf('\n');
                error(1064, state, nl < 0 ? msg : msg.substring(0, nl));
            }
        }

        /** {@code SELECT @@a, @@session.b}: one row of plausible server values. */
        private void variables(String list) throws IOException {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (String item : list.split(",")) {
                String name = item.trim();
                names.add(name);
                String v = name.replaceFirst("^@@(session\\.|global\\.|local\\.)?", "").toLowerCase(Locale.ROOT);
                int space = v.indexOf(' ');
                values.add(VARS.getOrDefault(space < 0 ? v : v.substring(0, space), ""));
            }
            int[] types = new int[names.size()];
            java.util.Arrays.fill(types, Types.VARCHAR);
            resultSet(names, types, List.of(values));
        }

        private void send(ResultSet rs) throws IOException, SQLException {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> names = new ArrayList<>();
            int[] types = new int[n];
            for (int i = 1; i <= n; i++) {
                names.add(md.getColumnLabel(i));
                types[i - 1] = md.getColumnType(i);
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(text(rs, i, types[i - 1]));
                }
                rows.add(row);
            }
            resultSet(names, types, rows);
        }

        private String text(ResultSet rs, int i, int type) throws SQLException {
            switch (type) {
                case Types.TIMESTAMP -> {
                    LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                    return t == null ? null : DATETIME.format(t);
                }
                case Types.DATE -> {
                    LocalDate d = rs.getObject(i, LocalDate.class);
                    return d == null ? null : d.toString();
                }
                case Types.BOOLEAN, Types.BIT -> {
                    boolean b = rs.getBoolean(i);
                    return rs.wasNull() ? null : b ? "1" : "0";
                }
                default -> {
                    return rs.getString(i);
                }
            }
        }

        /** Column count, definitions, EOF, rows (text protocol), EOF. */
        private void resultSet(List<String> names, int[] types, List<List<String>> rows) throws IOException {
            send(new Buf().lenenc(names.size()));
            for (int i = 0; i < names.size(); i++) {
                int t = types[i];
                int wire;
                int charset = BINARY;
                long length;
                int flags = 0x80; // BINARY_FLAG
                int decimals = 0;
                switch (t) {
                    case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                        wire = 0x08; // LONGLONG
                        length = 20;
                    }
                    case Types.BOOLEAN, Types.BIT -> {
                        wire = 0x01; // TINY
                        length = 1;
                    }
                    case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
                        wire = 0x05; // DOUBLE
                        length = 22;
                        decimals = 31;
                    }
                    case Types.DECIMAL, Types.NUMERIC -> {
                        wire = 0xf6; // NEWDECIMAL
                        length = 65;
                        decimals = 30;
                    }
                    case Types.TIMESTAMP -> {
                        wire = 0x0c; // DATETIME
                        length = 26;
                        decimals = 6;
                    }
                    case Types.DATE -> {
                        wire = 0x0a; // DATE
                        length = 10;
                    }
                    default -> {
                        wire = 0xfd; // VAR_STRING
                        charset = UTF8MB4;
                        length = 4096;
                        flags = 0;
                    }
                }
                send(new Buf().lenstr("def").lenstr("asteriskcel").lenstr("").lenstr("").lenstr(names.get(i))
                        .lenstr(names.get(i)).u8(0x0c).u16(charset).u32(length).u8(wire).u16(flags).u8(decimals).u16(0));
            }
            eof();
            for (List<String> row : rows) {
                Buf b = new Buf();
                for (String v : row) {
                    if (v == null) {
                        b.u8(0xfb);
                    } else {
                        b.lenstr(v);
                    }
                }
                send(b);
            }
            eof();
        }

        private void ok(long affected) throws IOException {
            send(new Buf().u8(0).lenenc(affected).lenenc(0).u16(STATUS_AUTOCOMMIT).u16(0));
        }

        private void eof() throws IOException {
            send(new Buf().u8(0xfe).u16(0).u16(STATUS_AUTOCOMMIT));
        }

        private void error(int code, String state, String message) throws IOException {
            send(new Buf().u8(0xff).u16(code).u8('#').raw(state.getBytes(StandardCharsets.US_ASCII), 0, 5)
                    .raw(message.getBytes(StandardCharsets.UTF_8)));
        }

        private byte[] read() throws IOException {
            int len = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
            seq = in.readUnsignedByte() + 1;
            if (len > 16 << 20) {
                throw new IOException("packet too large: " + len);
            }
            byte[] p = new byte[len];
            in.readFully(p);
            return p;
        }

        private void send(Buf b) throws IOException {
            byte[] p = b.bytes();
            out.write(new byte[] {(byte) p.length, (byte) (p.length >>> 8), (byte) (p.length >>> 16), (byte) seq++});
            out.write(p);
            out.flush();
        }
    }

    /** A packet payload under construction, little-endian. */
    private static final class Buf {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream(64);

        Buf u8(int v) {
            b.write(v);
            return this;
        }

        Buf u16(int v) {
            return u8(v & 0xff).u8((v >>> 8) & 0xff);
        }

        Buf u32(long v) {
            return u16((int) (v & 0xffff)).u16((int) ((v >>> 16) & 0xffff));
        }

        Buf raw(byte[] bytes) {
            return raw(bytes, 0, bytes.length);
        }

        Buf raw(byte[] bytes, int off, int len) {
            b.write(bytes, off, len);
            return this;
        }

        Buf zstr(String s) {
            return raw(s.getBytes(StandardCharsets.UTF_8)).u8(0);
        }

        Buf lenenc(long v) {
            if (v < 251) {
                return u8((int) v);
            }
            if (v < 1 << 16) {
                return u8(0xfc).u16((int) v);
            }
            if (v < 1 << 24) {
                return u8(0xfd).u16((int) (v & 0xffff)).u8((int) (v >>> 16));
            }
            return u8(0xfe).u32(v & 0xffffffffL).u32(v >>> 32);
        }

        Buf lenstr(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return lenenc(bytes.length).raw(bytes);
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }

    private static int indexOf(byte[] p, int from) {
        for (int i = from; i < p.length; i++) {
            if (p[i] == 0) {
                return i;
            }
        }
        return p.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] sha1(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : clients) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
