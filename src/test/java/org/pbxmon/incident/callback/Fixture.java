package org.pbxmon.incident.callback;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.pbxmon.config.IncidentsConfig;
import org.pbxmon.config.Secret;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.IncidentStore;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.OutboxStats;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.StatusEvent;
import org.pbxmon.incident.StoreException;
import org.pbxmon.incident.Transition;
import org.pbxmon.incident.store.JdbcIncidentStore;

/** What the dispatcher tests share: the store, callbacks, events, a fast retry policy. */
final class Fixture {
    static final String OWNER = "agent-a";
    static final String USER_AGENT = "pbxmon/test";
    private static final AtomicInteger OBJECTS = new AtomicInteger();

    private Fixture() {
    }

    /**
     * H2 URL options of the store ({@code Databases.H2_OPTIONS}): a second connection in this JVM must
     * name the database with the same settings to join it.
     */
    private static final String H2_OPTIONS = ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=5000;DB_CLOSE_ON_EXIT=FALSE";

    /** The real store, H2 in {@code dir} (created if missing), opened and migrated. Close it. */
    static IncidentStore newStore(Path dir) throws StoreException {
        IncidentStore s = JdbcIncidentStore.of(new IncidentsConfig.Store("h2", dir, null, null, null, 2));
        s.open();
        return s;
    }

    /** One outbox row as stored, read with plain SQL. */
    record StoredRow(String state, int attempts, long createdMs, String deadReason, String lastError) {
    }

    /** The stored outbox row of {@code eventId} to {@code callback} in the H2 store in {@code dir}. */
    static StoredRow row(Path dir, String callback, String eventId) throws SQLException {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("incidents") + H2_OPTIONS
                + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement ps = c.prepareStatement("SELECT state, attempts, created_ms, dead_reason, last_error"
                     + " FROM outbox WHERE callback = ? AND event_id = ?")) {
            ps.setString(1, callback);
            ps.setString(2, eventId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no outbox row of " + eventId + " to " + callback);
                }
                StoredRow row = new StoredRow(r.getString(1), r.getInt(2), r.getLong(3), r.getString(4),
                        r.getString(5));
                if (r.next()) {
                    throw new AssertionError("two outbox rows of " + eventId + " to " + callback);
                }
                return row;
            }
        }
    }

    /** 50 ms doubling to 2 s, ±20 %, a refused delivery tried 3 times. */
    static RetryPolicy fast() {
        return new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(2), 0.2, 3,
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    static CallbackDispatcher dispatcher(IncidentStore store, LongSupplier clock, IncidentsConfig.Callback... cbs) {
        return new CallbackDispatcher(List.of(cbs), store, OWNER, USER_AGENT, clock, fast(), 50);
    }

    static CallbackDispatcher dispatcher(IncidentStore store, IncidentsConfig.Callback... cbs) {
        return dispatcher(store, System::currentTimeMillis, cbs);
    }

    /** Records {@code n} status changes (one new object each), queued for every callback named. */
    static List<StatusEvent> record(IncidentStore store, int n, String... callbacks) throws StoreException {
        return record(store, System.currentTimeMillis(), n, callbacks);
    }

    /** As {@link #record(IncidentStore, int, String...)}, the transitions stamped {@code atMs}. */
    static List<StatusEvent> record(IncidentStore store, long atMs, int n, String... callbacks)
            throws StoreException {
        List<Transition> ts = new ArrayList<>();
        long now = atMs;
        for (int i = 0; i < n; i++) {
            ts.add(new Transition(ObjectRef.trunk("main", "carrier " + OBJECTS.incrementAndGet()), Severity.CRITICAL,
                    Severity.CRITICAL, now));
        }
        List<StatusEvent> events = store.apply(new Batch(List.of(), ts), List.of(callbacks), Fixture::payload);
        if (events.size() != n) {
            throw new AssertionError("expected " + n + " events, the store recorded " + events.size());
        }
        return events;
    }

    /** A payload with what URL encoding must survive: spaces, &, =, +, %, #, ?, non-ASCII. */
    static String payload(String eventId, ObjectRef object, Severity previous, Severity current, long atMs) {
        return "{\"event_id\":\"" + eventId + "\",\"object\":\"" + object.id() + "\",\"previous\":\"" + previous.label()
                + "\",\"current\":\"" + current.label() + "\",\"at\":" + atMs
                + ",\"note\":\"a+b = 50% & more? #1 Müller — ок\"}";
    }

    static OutboxStats outbox(IncidentStore store, String callback) {
        try {
            return store.outboxStats().getOrDefault(callback, OutboxStats.EMPTY);
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    static CallbackBuilder callback(String name, String url) {
        return new CallbackBuilder(name, url);
    }

    /** Builds an {@link IncidentsConfig.Callback} with the binder's defaults. */
    static final class CallbackBuilder {
        private final String name;
        private final String url;
        private String method = "POST";
        private String payload = "data={response}";
        private boolean rawJson;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(5);
        private String secret;
        private int concurrency = 4;
        private Duration maxAge = Duration.ofHours(1);
        private boolean active = true;

        CallbackBuilder(String name, String url) {
            this.name = name;
            this.url = url;
        }

        CallbackBuilder get() {
            method = "GET";
            payload = "";
            return this;
        }

        CallbackBuilder rawJson(String template) {
            rawJson = true;
            payload = template;
            return this;
        }

        CallbackBuilder header(String k, String v) {
            headers.put(k, v);
            return this;
        }

        CallbackBuilder timeout(Duration d) {
            timeout = d;
            return this;
        }

        CallbackBuilder secret(String s) {
            secret = s;
            return this;
        }

        CallbackBuilder concurrency(int n) {
            concurrency = n;
            return this;
        }

        CallbackBuilder maxAge(Duration d) {
            maxAge = d;
            return this;
        }

        CallbackBuilder inactive() {
            active = false;
            return this;
        }

        IncidentsConfig.Callback build() {
            // as the binder gives it: {response} quoted in the URI
            return new IncidentsConfig.Callback(name, name.toUpperCase(java.util.Locale.ROOT), active,
                    URI.create(url.replace("{response}", "%7Bresponse%7D")), method, payload, headers, rawJson,
                    timeout, secret == null ? null : Secret.of(secret), concurrency, maxAge);
        }
    }
}
