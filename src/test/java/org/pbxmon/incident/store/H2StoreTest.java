package org.pbxmon.incident.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.config.Secret;
import org.pbxmon.incident.StoreException;
import org.pbxmon.incident.Transition;
import org.pbxmon.incident.Severity;

/** The store on real H2 files in a temporary state directory, and the faults of the state directory. */
class H2StoreTest extends StoreContract {
    @TempDir
    Path tmp;
    private int dirs;

    static IncidentsConfig.Store h2(Path dir) {
        return new IncidentsConfig.Store(IncidentsConfig.Store.H2, dir, null, null, null, 2);
    }

    @Override
    IncidentsConfig.Store freshDatabase() {
        return h2(tmp.resolve("state" + (++dirs)));
    }

    @Override
    Connection raw(IncidentsConfig.Store cfg) throws SQLException {
        return DriverManager.getConnection(Databases.h2Url(cfg.stateDir()), "sa", "");
    }

    @Override
    void migrateToV1(IncidentsConfig.Store cfg) throws Exception {
        Files.createDirectories(cfg.stateDir());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Databases.h2Url(cfg.stateDir()));
        ds.setUser("sa");
        ds.setPassword("");
        Databases.flyway(ds, "1").migrate();
    }

    @Test
    void aMissingStateDirectoryIsCreated() throws Exception {
        Path dir = tmp.resolve("a/b/c");
        JdbcIncidentStore s = opened(h2(dir));
        assertTrue(Files.isRegularFile(dir.resolve("incidents.mv.db")));
        assertTrue(s.healthy());
        assertEquals("H2 file " + dir.resolve("incidents"), s.describe());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains("write-check")), "probe file left");
        }
    }

    @Test
    void aFileWhereTheStateDirectoryShouldBeStopsTheStart() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(h2(file)).open());
        assertEquals("incidents.store.state_dir: " + file + " is not writable: it exists and is not a directory",
                x.getMessage());
        Path below = file.resolve("sub");
        x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(h2(below)).open());
        assertTrue(x.getMessage().startsWith("incidents.store.state_dir: " + below + " is not writable"), x.getMessage());
    }

    @Test
    void aReadOnlyStateDirectoryStopsTheStart() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(canWrite(dir), "running as root: permissions do not stop writes");
            StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(h2(dir)).open());
            assertTrue(x.getMessage().startsWith("incidents.store.state_dir: " + dir + " is not writable"), x.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean canWrite(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "w", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aCorruptDatabaseFileStopsTheStartNamingTheFile() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("corrupt"));
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Path file = Files.write(dir.resolve("incidents.mv.db"), garbage);
        StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(h2(dir)).open());
        assertTrue(x.getMessage().startsWith("incidents.store.state_dir: " + file + " is not a usable H2 database: "),
                x.getMessage());

        Files.writeString(file, "this is not H2\n".repeat(1_000), StandardCharsets.UTF_8);
        x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(h2(dir)).open());
        assertTrue(x.getMessage().startsWith("incidents.store.state_dir: " + file + " is not a usable H2 database: "),
                x.getMessage());
    }

    @Test
    void aDatabaseDamagedAfterUseStopsTheStart() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        try (JdbcIncidentStore s = JdbcIncidentStore.of(cfg)) {
            s.open();
            s.apply(batch(List.of(), List.of(new Transition(PBX, Severity.CRITICAL, Severity.CRITICAL, 1))),
                    List.of("cb"), EVENTS);
        }
        Path file = cfg.stateDir().resolve("incidents.mv.db");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a); // every byte changed, headers included
        }
        Files.write(file, bytes);
        StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(cfg).open());
        assertTrue(x.getMessage().contains(file.toString()), x.getMessage());
    }

    @Test
    void aDatabaseOpenInAnotherProcessStopsTheStart() throws Exception {
        IncidentsConfig.Store cfg = freshDatabase();
        try (JdbcIncidentStore s = JdbcIncidentStore.of(cfg)) {
            s.open(); // creates and migrates the file, then lets it go
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                H2Holder.class.getName(), Databases.h2Url(cfg.stateDir())).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), "the other process holds the database");
            Path file = cfg.stateDir().resolve("incidents.mv.db");
            StoreException x = assertThrows(StoreException.class, () -> JdbcIncidentStore.of(cfg).open());
            assertEquals("incidents.store.state_dir: " + file
                    + " is in use by another process (another pbxmon on the same state directory?)", x.getMessage());
        } finally {
            other.getOutputStream().close();
            if (!other.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                other.destroyForcibly();
            }
        }
        opened(cfg); // free again once the other process let go
    }

    @Test
    void describeNeverShowsCredentials() {
        var cfg = new IncidentsConfig.Store(IncidentsConfig.Store.MARIADB, null,
                "jdbc:mariadb://bob:hunter22@db.example:3306/pbxmon?user=bob&password=hunter22&sslMode=verify-full",
                "bob", Secret.of("hunter22"), 4);
        String d = JdbcIncidentStore.of(cfg).describe();
        assertFalse(d.contains("hunter22"), d);
        assertEquals("jdbc:mariadb://db.example:3306/pbxmon?user=******&password=******&sslMode=verify-full", d);
    }

    @Test
    void anUnknownKindOrNoUrlIsAClearError() {
        var odd = new IncidentsConfig.Store("postgres", tmp, null, null, null, 2);
        assertEquals("incidents.store.kind: unknown kind 'postgres' (h2 or mariadb)",
                assertThrows(StoreException.class, () -> JdbcIncidentStore.of(odd).open()).getMessage());
        var noUrl = new IncidentsConfig.Store(IncidentsConfig.Store.MARIADB, null, " ", null, null, 2);
        assertEquals("incidents.store.url is not set (store kind mariadb)",
                assertThrows(StoreException.class, () -> JdbcIncidentStore.of(noUrl).open()).getMessage());
    }
}
