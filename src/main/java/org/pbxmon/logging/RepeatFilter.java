package org.pbxmon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * A repeated warning is logged once, then counted. A logback {@code TurboFilter} (registered in
 * {@code logback.xml}) that lets the first WARN or ERROR line of a kind through and denies the same
 * line again for {@link #setWindow window} (10 minutes by default), counting each denied line per
 * logger in {@link #suppressedByLogger()}. The first line it denies in a window is replaced by one
 * INFO note from this class, so that a reader knows the silence is not recovery. After the window
 * the line passes again, and a new window starts.
 *
 * <p>"The same line": the same logger, level and message (its arguments filled in) and the same
 * exception class, where numbers (counts, ports, ids, durations, times, {@code @1a2b3c} object ids)
 * do not count; names, hosts and reasons do. So {@code Connection@6b34b85f marked as broken} and
 * {@code Connection@1d1df10e marked as broken} are one line, while {@code PBX a: ...} and
 * {@code PBX b: ...} are two, and so are two IPv4 addresses.
 *
 * <p>Never denied: lines below WARN, lines the logger's level would drop anyway, and lines with the
 * {@link #CHANGE} marker: pbxmon logs a state change (a database down, then up, then down again)
 * with it, and each change must be seen. Memory is bounded: at most {@link #setMaxKeys maxKeys}
 * lines are remembered (1,000 by default); past that, expired ones are forgotten, then all.
 *
 * <p>Logback asks its turbo filters in order and the first that does not answer NEUTRAL decides; the
 * filters of {@code logback.xml} come first. A filter that must see every line of some logger to
 * count it must answer for those lines before this one,
 * i.e. be declared before it in {@code logback.xml}, or this filter would hide the repeats from it.
 */
public final class RepeatFilter extends TurboFilter {
    /** Marks a line that reports a change of state: never suppressed. */
    public static final Marker CHANGE = MarkerFactory.getMarker("PBXMON_CHANGE");

    private static final Map<String, LongAdder> SUPPRESSED = new ConcurrentHashMap<>();
    /** An IPv4 address (kept), an object id after '@', a hex number, or a number on its own (masked). */
    private static final Pattern VOLATILE = Pattern.compile(
            "\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|@[0-9a-fA-F]{4,}\\b|\\b0x[0-9a-fA-F]+\\b|(?<![\\w.])\\d+(?:\\.\\d+)?(?![\\d.])");
    private static final int MAX_TEXT = 500;
    private static final int NOTE_TEXT = 200;

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private volatile long windowNanos = TimeUnit.MINUTES.toNanos(10);
    private volatile String windowText = "10 minutes";
    private volatile int maxKeys = 1_000;
    private volatile LongSupplier clock = System::nanoTime;

    private record Key(String logger, Level level, String text) {
    }

    private static final class Window {
        final long startNanos;
        long suppressed;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /** How long a line stays suppressed after it was let through, e.g. {@code 10 minutes}, {@code 30 seconds}. */
    public void setWindow(Duration window) {
        if (window.getMilliseconds() <= 0) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        windowNanos = TimeUnit.MILLISECONDS.toNanos(window.getMilliseconds());
        windowText = window.toString();
    }

    /** How many distinct lines are remembered at most. */
    public void setMaxKeys(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    /** The time source, in nanoseconds; for tests. */
    void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** Lines denied since the JVM started, per logger name (every instance of the filter counts here). */
    public static Map<String, Long> suppressedByLogger() {
        Map<String, Long> out = new TreeMap<>();
        SUPPRESSED.forEach((logger, n) -> out.put(logger, n.sum()));
        return out;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.levelInt < Level.WARN_INT || format == null || logger == null || !isStarted()) {
            return FilterReply.NEUTRAL;
        }
        if (!level.isGreaterOrEqual(logger.getEffectiveLevel()) || (marker != null && marker.contains(CHANGE))
                || logger.getName().equals(RepeatFilter.class.getName())) {
            return FilterReply.NEUTRAL;
        }
        FormattingTuple ft = MessageFormatter.arrayFormat(format, params);
        Throwable thrown = t != null ? t : ft.getThrowable();
        String text = ft.getMessage() + (thrown == null ? "" : " | " + thrown.getClass().getName());
        Key key = new Key(logger.getName(), level, mask(text));
        long now = clock.getAsLong();
        long window = windowNanos;
        long[] suppressed = {0};
        windows.compute(key, (k, w) -> {
            if (w == null || now - w.startNanos >= window) {
                return new Window(now);
            }
            suppressed[0] = ++w.suppressed;
            return w;
        });
        if (suppressed[0] == 0) {
            if (windows.size() > maxKeys) {
                forget(now, window);
            }
            return FilterReply.NEUTRAL;
        }
        SUPPRESSED.computeIfAbsent(logger.getName(), n -> new LongAdder()).increment();
        if (suppressed[0] == 1) {
            note(logger, level, ft.getMessage());
        }
        return FilterReply.DENY;
    }

    /** Replaces numbers with '#', keeping IPv4 addresses; at most {@value #MAX_TEXT} characters. */
    static String mask(String text) {
        String s = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        Matcher m = VOLATILE.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            String found = m.group();
            boolean ipv4 = found.chars().filter(c -> c == '.').count() == 3 && !found.startsWith("@");
            m.appendReplacement(sb, ipv4 ? Matcher.quoteReplacement(found) : found.startsWith("@") ? "@#" : "#");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private void forget(long now, long window) {
        windows.entrySet().removeIf(e -> now - e.getValue().startNanos >= window);
        if (windows.size() > maxKeys) {
            windows.clear();
        }
    }

    private void note(Logger logger, Level level, String message) {
        if (!(getContext() instanceof LoggerContext ctx)) {
            return;
        }
        String text = message == null ? "" : message.length() > NOTE_TEXT ? message.substring(0, NOTE_TEXT) + "..." : message;
        ctx.getLogger(RepeatFilter.class).info("The last {} of {} repeats; like lines are counted, not logged, for {}: \"{}\"",
                level, logger.getName(), windowText, text);
    }
}
