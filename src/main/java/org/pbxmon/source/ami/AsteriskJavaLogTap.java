package org.pbxmon.source.ami;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * asterisk-java reports two things we must count only through its log: an event or response dropped
 * because its 20,000-slot pump queue is full (one ERROR line with the whole event, per drop), and an
 * event type it has no class for (one INFO line per type). It also writes one WARN line for every
 * attribute it has no setter for, value included, which would log AuthDetail passwords. This logback filter turns both into
 * counters of the PBX whose reader thread logged them and swallows the lines, so a burst cannot
 * flood the log and no secret reaches it.
 */
final class AsteriskJavaLogTap extends TurboFilter {
    private static final Map<Thread, WireStats> READERS = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(AsteriskJavaLogTap.class);
    private static final String UNKNOWN_PREFIX = "No event class registered for event type '";
    private static volatile boolean installed;

    static synchronized void install() {
        if (installed) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            AsteriskJavaLogTap tap = new AsteriskJavaLogTap();
            tap.setName("pbxmon-asterisk-java-tap");
            tap.start();
            ctx.addTurboFilter(tap);
        }
        installed = true;
    }

    static void bind(Thread reader, WireStats stats) {
        READERS.put(reader, stats);
    }

    static void unbind(Thread reader) {
        READERS.remove(reader);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !logger.getName().startsWith("org.asteriskjava.manager.")) {
            return FilterReply.NEUTRAL;
        }
        if (logger.getName().endsWith(".EventAttributesHelper")) {
            // One line per attribute without a setter (and at DEBUG every attribute of the message):
            // floods the log, and for AuthDetail prints the password Asterisk sends in clear. Never logged.
            return FilterReply.DENY;
        }
        WireStats stats = READERS.get(Thread.currentThread());
        if (format.contains("Event queue is full")) {
            if (stats != null) {
                stats.dropped();
            }
            return FilterReply.DENY;
        }
        if (format.startsWith(UNKNOWN_PREFIX)) {
            int end = format.indexOf('\'', UNKNOWN_PREFIX.length());
            if (stats != null && end > 0) {
                String type = format.substring(UNKNOWN_PREFIX.length(), end).toLowerCase(Locale.ROOT);
                if (stats.unknownTypes.add(type)) {
                    stats.unknown.incrementAndGet();
                    log.debug("AMI event type '{}' is not known to asterisk-java; counted, not parsed", type);
                }
            }
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
