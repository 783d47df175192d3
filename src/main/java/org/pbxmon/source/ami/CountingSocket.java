package org.pbxmon.source.ami;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * Wraps asterisk-java's socket to count what crosses the wire: events (a message whose first line
 * is {@code Event:}), events of unknown types, and malformed lines (garbage without a colon). It also
 * records when the last byte arrived, which tells a busy connection from a half-open one, and binds
 * the reader thread to this PBX for {@link AsteriskJavaLogTap}.
 */
final class CountingSocket implements SocketConnectionFacade {
    private final SocketConnectionFacade delegate;
    private final WireStats stats;
    private boolean bound;
    private boolean messageStart = true;

    CountingSocket(SocketConnectionFacade delegate, WireStats stats) {
        this.delegate = delegate;
        this.stats = stats;
    }

    @Override
    public String readLine() throws IOException {
        if (!bound) {
            AsteriskJavaLogTap.bind(Thread.currentThread(), stats);
            bound = true;
        }
        String line = delegate.readLine();
        if (line != null) {
            stats.lastReadMs = System.currentTimeMillis();
            inspect(line);
        }
        return line;
    }

    private void inspect(String line) {
        if (line.isEmpty()) {
            messageStart = true;
            return;
        }
        boolean first = messageStart;
        messageStart = false;
        if (first && line.regionMatches(true, 0, "Event:", 0, 6)) {
            stats.events.incrementAndGet();
            stats.lastEventMs = stats.lastReadMs;
            if (!stats.unknownTypes.isEmpty()
                    && stats.unknownTypes.contains(line.substring(6).trim().toLowerCase(Locale.ROOT))) {
                stats.unknown.incrementAndGet();
            }
        } else if (line.indexOf(':') < 0 && !line.startsWith("Asterisk Call Manager") && !line.endsWith("--END COMMAND--")) {
            stats.malformed.incrementAndGet();
        }
    }

    @Override
    public void write(String s) throws IOException {
        delegate.write(s);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        AsteriskJavaLogTap.unbind(Thread.currentThread());
        delegate.close();
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public int getRemotePort() {
        return delegate.getRemotePort();
    }
}
