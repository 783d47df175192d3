package org.pbxmon.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line of the process at {@code level} and above (root and {@code org.pbxmon} turned up to it)
 * until {@link #close()}, which puts the levels back. For tests that check what is logged, e.g. that
 * no secret ever is.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger pbxmon = (Logger) LoggerFactory.getLogger("org.pbxmon");
    private final Level rootLevel = root.getLevel();
    private final Level pbxmonLevel = pbxmon.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLogs(Level level) {
        appender.start();
        root.addAppender(appender);
        root.setLevel(level);
        pbxmon.setLevel(level);
    }

    /** The lines captured so far (a copy). */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        pbxmon.setLevel(pbxmonLevel);
    }
}
