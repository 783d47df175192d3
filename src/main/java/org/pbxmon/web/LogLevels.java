package org.pbxmon.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Runtime log levels on logback, by logger name or component ({@code ami}, {@code cel}, {@code probe},
 * {@code web}, {@code agent}, {@code config}, {@code pbxmon}, {@code root}).
 * FATAL maps to ERROR. With a TTL the previous level comes back by itself. A logger set OFF in the
 * logging config (it would print secrets) stays off.
 */
final class LogLevels implements AutoCloseable {
    static final Map<String, String> COMPONENTS = Map.of(
            "ami", "org.pbxmon.source.ami",
            "cel", "org.pbxmon.source.cel",
            "probe", "org.pbxmon.source.probe",
            "web", "org.pbxmon.web",
            "agent", "org.pbxmon.agent",
            "config", "org.pbxmon.config",
            "pbxmon", "org.pbxmon",
            "root", Logger.ROOT_LOGGER_NAME);
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$.-]{1,200}");
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LogLevels.class);

    /** A pending revert: the level to restore (null = inherit) and its timer. */
    private record Revert(Level original, ScheduledFuture<?> future) {}

    /** The outcome of a change. */
    record Change(String logger, String level, String previous, long revertAtEpochMs) {}

    /** A bad request (400): unknown level, bad name, bad TTL, or a logger that must stay off. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final Map<String, Revert> pending = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;

    /** Resolves a component or logger name. */
    static String loggerName(String name) throws BadRequest {
        if (name == null || name.isBlank()) {
            throw new BadRequest("name is required (a logger name or one of " + String.join(", ",
                    new java.util.TreeSet<>(COMPONENTS.keySet())) + ")");
        }
        String n = name.trim();
        String mapped = COMPONENTS.get(n.toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        if (!NAME.matcher(n).matches()) {
            throw new BadRequest("invalid logger name");
        }
        return n;
    }

    static Level level(String level) throws BadRequest {
        if (level == null) {
            throw new BadRequest("level is required (DEBUG, INFO, WARN, ERROR or FATAL)");
        }
        return switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> throw new BadRequest("unknown level (use DEBUG, INFO, WARN, ERROR or FATAL)");
        };
    }

    /** {@code 30}, {@code 30s}, {@code 5m}, {@code 1h}; between 1 s and 1 day. */
    static Duration ttl(String ttl) throws BadRequest {
        var m = Pattern.compile("([0-9]{1,9})(s|m|h)?").matcher(ttl.trim());
        if (!m.matches()) {
            throw new BadRequest("invalid ttl (use e.g. 30s, 10m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = m.group(2) == null || m.group(2).equals("s") ? Duration.ofSeconds(n)
                : m.group(2).equals("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
        if (d.isZero() || d.compareTo(MAX_TTL) > 0) {
            throw new BadRequest("ttl must be between 1s and 24h");
        }
        return d;
    }

    /**
     * Sets the level now, and back to the level before (the one before the first pending TTL) after
     * {@code ttl} when given.
     *
     * @throws BadRequest           for bad parameters
     * @throws IllegalStateException when logback is not the logging backend
     */
    Change set(String name, String levelText, String ttlText) throws BadRequest {
        String loggerName = loggerName(name);
        Level level = level(levelText);
        Duration ttl = ttlText == null || ttlText.isBlank() ? null : ttl(ttlText);
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (!(f instanceof LoggerContext ctx)) {
            throw new IllegalStateException("logback is not the logging backend");
        }
        Logger logger = ctx.getLogger(loggerName);
        if (logger.getLevel() == Level.OFF) {
            throw new BadRequest("logger " + loggerName + " is off by configuration (it would log secrets)");
        }
        Level before = logger.getLevel();
        Revert old = pending.remove(loggerName);
        Level original = before;
        if (old != null) {
            old.future().cancel(false);
            original = old.original();
        }
        logger.setLevel(level);
        long revertAt = 0;
        if (ttl != null) {
            Level restore = original;
            revertAt = System.currentTimeMillis() + ttl.toMillis();
            ScheduledFuture<?> fut = timer().schedule(() -> revert(loggerName, restore), ttl.toMillis(),
                    TimeUnit.MILLISECONDS);
            pending.put(loggerName, new Revert(original, fut));
        }
        log.info("log level of {} set to {}{}", loggerName, level, ttl == null ? "" : " for " + ttl.toSeconds() + " s");
        return new Change(loggerName, level.toString(), before == null ? null : before.toString(), revertAt);
    }

    private void revert(String loggerName, Level original) {
        if (pending.remove(loggerName) == null) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(loggerName).setLevel(original);
            log.info("log level of {} back to {}", loggerName, original == null ? "inherited" : original);
        }
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pbxmon-log-level");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    /** Reverts every pending TTL change now and stops the timer. */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, Revert> e : Map.copyOf(pending).entrySet()) {
            e.getValue().future().cancel(false);
            revert(e.getKey(), e.getValue().original());
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
