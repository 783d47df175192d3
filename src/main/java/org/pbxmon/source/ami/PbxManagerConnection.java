package org.pbxmon.source.ami;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.asteriskjava.util.SocketConnectionFacade;
import org.asteriskjava.util.internal.SocketConnectionFacadeImpl;
import org.pbxmon.config.AmiConfig;

/**
 * One AMI session. asterisk-java's connection, with four changes:
 * <ul>
 *   <li>the socket is wrapped in a {@link CountingSocket};</li>
 *   <li>a lost session is reported to the owner instead of being reconnected by asterisk-java's fixed
 *       50 ms / 5 s loop: {@link AmiSource} reconnects with its own backoff on a fresh connection;</li>
 *   <li>the version comes from CoreSettings only, never from the {@code command} privilege;</li>
 *   <li>the socket can be closed from outside when the keepalive finds the session half-open.</li>
 * </ul>
 */
final class PbxManagerConnection extends ManagerConnectionImpl {
    private final WireStats stats;
    private final String host;
    private final int amiPort;
    private final Consumer<PbxManagerConnection> onLost;
    private volatile SocketConnectionFacade socket;
    private volatile boolean lost;

    PbxManagerConnection(AmiConfig cfg, WireStats stats, Consumer<PbxManagerConnection> onLost) {
        this.stats = stats;
        this.onLost = onLost;
        this.host = cfg.host();
        this.amiPort = cfg.port();
        setHostname(cfg.host());
        setPort(cfg.port());
        setUsername(cfg.username());
        setPassword(cfg.secret().reveal());
        setSocketTimeout((int) cfg.connectTimeout().toMillis());
        setSocketReadTimeout((int) cfg.readTimeout().toMillis());
        setDefaultResponseTimeout(cfg.responseTimeout().toMillis());
        setDefaultEventTimeout(cfg.responseTimeout().toMillis());
        registerUserEventClass(OutboundRegistrationDetailEvent.class);
        registerUserEventClass(OutboundRegistrationDetailCompleteEvent.class);
        registerUserEventClass(RedactedAuthDetailEvent.class);
        registerUserEventClass(IdentifyDetailEvent.class);
    }

    @Override
    protected SocketConnectionFacade createSocket() throws IOException {
        SocketConnectionFacade s = new CountingSocket(new SocketConnectionFacadeImpl(host, amiPort, false,
                socketTimeoutMs(), socketReadTimeoutMs(), StandardCharsets.UTF_8), stats);
        socket = s;
        return s;
    }

    private int socketTimeoutMs() {
        return connectTimeout;
    }

    private int socketReadTimeoutMs() {
        return readTimeout;
    }

    private int connectTimeout;
    private int readTimeout;

    @Override
    public void setSocketTimeout(int socketTimeout) {
        super.setSocketTimeout(socketTimeout);
        this.connectTimeout = socketTimeout;
    }

    @Override
    public void setSocketReadTimeout(int socketReadTimeout) {
        super.setSocketReadTimeout(socketReadTimeout);
        this.readTimeout = socketReadTimeout;
    }

    @Override
    protected AsteriskVersion determineVersion() {
        try {
            AsteriskVersion v = determineVersionByCoreSettings();
            return v != null ? v : AsteriskVersion.DEFAULT_VERSION;
        } catch (Exception e) {
            return AsteriskVersion.DEFAULT_VERSION;
        }
    }

    @Override
    public void dispatchEvent(ManagerEvent event, Integer requiredHandlingTime) {
        super.dispatchEvent(event, requiredHandlingTime);
        if (event instanceof DisconnectEvent) {
            // super has failed pending actions and started its reconnect thread; stop that thread at
            // its first check, since the owner reconnects on a fresh connection with backoff.
            try (var closer = withLock()) {
                state = org.asteriskjava.manager.ManagerConnectionState.DISCONNECTED;
            }
            if (!lost) {
                lost = true;
                onLost.accept(this);
            }
        }
    }

    boolean lost() {
        return lost;
    }

    /** Close the socket under the reader: it ends, a DisconnectEvent follows, the owner reconnects. */
    void forceClose() {
        SocketConnectionFacade s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a dead socket
            }
        }
    }

    /** Best-effort goodbye on shutdown. */
    void shutdown() {
        lost = true;
        try {
            if (getState() == org.asteriskjava.manager.ManagerConnectionState.CONNECTED) {
                logoff();
            }
        } catch (RuntimeException ignored) {
            // already gone
        }
        forceClose();
    }
}
