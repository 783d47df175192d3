package org.pbxmon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.util.Duration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real logback LoggerContext of its own, with a clock the test turns. */
class RepeatFilterTest {
    private final LoggerContext ctx = new LoggerContext();
    private final ListAppender<ILoggingEvent> out = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RepeatFilter filter = new RepeatFilter();
    private String prefix;

    @BeforeEach
    void setUp() {
        out.setContext(ctx);
        out.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        filter.setContext(ctx);
        filter.setClock(nanos::get);
        filter.start();
        ctx.addTurboFilter(filter);
        // the counter is JVM-wide: every test uses loggers of its own
        prefix = "test." + System.nanoTime() + ".";
    }

    private Logger logger(String name) {
        return ctx.getLogger(prefix + name);
    }

    private void minutes(long m) {
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(m));
    }

    private List<String> lines() {
        List<String> l = new ArrayList<>();
        for (ILoggingEvent e : out.list) {
            l.add(e.getLevel() + " " + e.getLoggerName().replace(prefix, "") + " " + e.getFormattedMessage());
        }
        return l;
    }

    private long suppressed(String logger) {
        return RepeatFilter.suppressedByLogger().getOrDefault(prefix + logger, 0L);
    }

    @Test
    void aRepeatedWarningIsLoggedOnceThenCounted() {
        Logger driver = logger("driver");
        for (int i = 0; i < 18; i++) {
            driver.warn("Error: {}-{}: {}", 1045, "28000", "Access denied for user 'ro'@'10.0.0.5' (using password: YES)");
        }
        assertEquals(List.of(
                "WARN driver Error: 1045-28000: Access denied for user 'ro'@'10.0.0.5' (using password: YES)",
                "INFO org.pbxmon.logging.RepeatFilter The last WARN of " + prefix + "driver repeats; like lines are counted, "
                        + "not logged, for 10 minutes: \"Error: 1045-28000: Access denied for user 'ro'@'10.0.0.5' (using password: YES)\""),
                lines());
        assertEquals(17, suppressed("driver"));
        // after the window it is logged again, once
        minutes(10);
        driver.warn("Error: {}-{}: {}", 1045, "28000", "Access denied for user 'ro'@'10.0.0.5' (using password: YES)");
        driver.warn("Error: {}-{}: {}", 1045, "28000", "Access denied for user 'ro'@'10.0.0.5' (using password: YES)");
        assertEquals(4, out.list.size(), lines().toString());
        assertEquals(18, suppressed("driver"));
    }

    @Test
    void linesThatDifferOnlyInNumbersAreTheSameLine() {
        Logger pool = logger("pool");
        pool.warn("{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", "pbxmon-cel-main",
                "org.mariadb.jdbc.Connection@6b34b85f", "08000", -1);
        pool.warn("{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", "pbxmon-cel-main",
                "org.mariadb.jdbc.Connection@1d1df10e", "08000", -1);
        pool.warn("timed out after 1500 ms on port 3306 (conn=11)");
        pool.warn("timed out after 2.5 ms on port 3307 (conn=12)");
        assertEquals(2, suppressed("pool"));
        // IPv4 addresses and numbers inside names stay
        assertEquals("host 10.0.0.5:# up #s, id @#, pbx1 cel_db_7 v2 at #:#:#",
                RepeatFilter.mask("host 10.0.0.5:3306 up 1.5s, id @a1b2c3d4, pbx1 cel_db_7 v2 at 06:38:21"));
    }

    @Test
    void namesHostsReasonsLevelsAndExceptionsKeepLinesApart() {
        Logger cel = logger("cel");
        cel.warn("PBX {}: CEL database unavailable: {}", "a", "Connection refused");
        cel.warn("PBX {}: CEL database unavailable: {}", "b", "Connection refused");
        cel.warn("PBX {}: CEL database unavailable: {}", "a", "Access denied");
        cel.warn("host 10.0.0.5 down");
        cel.warn("host 10.0.0.6 down");
        cel.error("host 10.0.0.6 down");
        cel.warn("poll failed", new SQLException("x"));
        cel.warn("poll failed", new IllegalStateException("x"));
        assertEquals(8, out.list.size(), lines().toString());
        assertEquals(0, suppressed("cel"));
    }

    /** A state change is logged each time, however often the state flaps within the window. */
    @Test
    void changesAreNeverSuppressed() {
        Logger cel = logger("cel");
        for (int i = 0; i < 3; i++) {
            cel.warn(RepeatFilter.CHANGE, "PBX {}: CEL database {} unavailable: {}", "main", "ro@db:3306/asterisk", "refused");
            cel.info(RepeatFilter.CHANGE, "PBX {}: reading CEL table", "main");
        }
        assertEquals(6, out.list.size());
        assertEquals(0, suppressed("cel"));
    }

    @Test
    void infoDebugAndLinesBelowTheLoggersLevelAreLeftAlone() {
        Logger chatty = logger("chatty");
        Logger quiet = logger("quiet");
        quiet.setLevel(Level.ERROR);
        for (int i = 0; i < 5; i++) {
            chatty.info("same");
            chatty.debug("same");
            quiet.warn("same");
        }
        assertEquals(5, out.list.size());
        assertEquals(0, suppressed("chatty"));
        assertEquals(0, suppressed("quiet"), "dropped by level, not by the filter");
    }

    @Test
    void memoryIsBounded() {
        filter.setMaxKeys(3);
        Logger l = logger("many");
        for (int i = 0; i < 10; i++) {
            l.warn("distinct " + (char) ('a' + i));
        }
        l.warn("distinct a");
        assertEquals(11, out.list.size(), "forgotten lines pass again");
        assertThrows(IllegalArgumentException.class, () -> filter.setMaxKeys(0));
        assertThrows(IllegalArgumentException.class, () -> filter.setWindow(Duration.buildByMilliseconds(0)));
    }

    @Test
    void countsFromManyThreads() throws Exception {
        Logger l = logger("threads");
        int threads = 8;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    l.error("queue full ({} events)", i);
                }
            });
            th.start();
            all.add(th);
        }
        go.countDown();
        for (Thread th : all) {
            th.join(10_000);
        }
        long passed = out.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
        assertEquals(1, passed);
        assertEquals(threads * each - 1, suppressed("threads"));
    }

    /** As logback.xml declares it: Joran builds the filter and parses the window. */
    @Test
    void configuredFromXml() throws Exception {
        LoggerContext c = new LoggerContext();
        JoranConfigurator j = new JoranConfigurator();
        j.setContext(c);
        j.doConfigure(new ByteArrayInputStream(("<configuration><turboFilter class=\"org.pbxmon.logging.RepeatFilter\">"
                + "<window>2 seconds</window></turboFilter></configuration>").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, c.getTurboFilterList().size());
        assertTrue(c.getTurboFilterList().get(0) instanceof RepeatFilter);
        assertTrue(c.getTurboFilterList().get(0).isStarted());
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(c);
        list.start();
        c.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(list);
        Logger l = c.getLogger(prefix + "xml");
        l.warn("again");
        l.warn("again");
        assertEquals(2, list.list.size(), "the line and the note");
        Thread.sleep(2_100);
        l.warn("again");
        assertEquals(3, list.list.size(), "the 2 s window has passed");
    }
}
