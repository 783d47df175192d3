package org.pbxmon.incident.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.incident.Batch;
import org.pbxmon.incident.EventFactory;
import org.pbxmon.incident.ObjectRef;
import org.pbxmon.incident.OutboxRow;
import org.pbxmon.incident.Severity;
import org.pbxmon.incident.Transition;

/** The H2 file only grows while open (crash safety); compaction gives the space back, under load, losing nothing. */
class H2CompactionTest {
    private static final EventFactory EVENTS = (id, o, p, c, at) -> "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(500) + "\"}";
    @TempDir
    Path dir;

    private static void change(JdbcIncidentStore s, int n) throws Exception {
        Severity to = n % 2 == 0 ? Severity.WARNING : Severity.OPERATIONAL;
        s.apply(new Batch(List.of(), List.of(new Transition(ObjectRef.probe("p" + (n / 2 % 50)), to, to, n))),
                List.of("cb"), EVENTS);
    }

    @Test
    void aGrownFileIsCompactedWhileWritersGoOnAndNothingIsLost() throws Exception {
        try (JdbcIncidentStore s = JdbcIncidentStore.of(H2StoreTest.h2(dir))) {
            s.open();
            Path file = dir.resolve("incidents.mv.db");
            for (int i = 0; i < 600; i++) {
                change(s, i);
            }
            long grown = Files.size(file);
            assertFalse(s.compactIfLarger(grown + 1), "not past the limit: nothing to do");
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 600; i < 800; i++) {
                        change(s, i);
                        written.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            assertTrue(s.compactIfLarger(1024 * 1024), "past the limit: compacted (" + grown + " bytes)");
            writer.join(120_000);
            assertEquals(null, failure.get(), "writers wait during the compaction, they do not fail");
            assertEquals(200, written.get());
            assertTrue(Files.size(file) < grown, Files.size(file) + " bytes after, " + grown + " before");
            List<OutboxRow> rows = s.claim("cb", "t", 10_000, 60_000, Long.MAX_VALUE / 2);
            assertEquals(800, rows.size(), "every event's outbox row survived");
            assertEquals(50, s.objects().size());
        }
    }
}
