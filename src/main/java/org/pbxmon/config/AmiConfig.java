package org.pbxmon.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings of one Asterisk Manager Interface. The secret is a {@link Secret}, so
 * {@link #toString()} never shows it.
 *
 * @param host                IP address or host name (an IPv6 address without brackets)
 * @param port                TCP port, 1..65535
 * @param auth                {@code "md5"} (challenge/response, the only login pbxmon performs)
 * @param readTimeout         always greater than {@code pingInterval} in a loaded config
 * @param events              false: list actions only, no live events
 */
public record AmiConfig(String host, int port, String username, Secret secret, String auth,
                        Duration connectTimeout, Duration pingInterval, Duration readTimeout,
                        Duration responseTimeout, Duration resyncInterval, Duration reconnectBackoffMax,
                        boolean events) {
    public AmiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(resyncInterval, "resyncInterval");
        Objects.requireNonNull(reconnectBackoffMax, "reconnectBackoffMax");
    }

    /** {@code "username@host:port"} (IPv6 hosts in brackets), for logs; never the secret. */
    public String describe() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return username + "@" + h + ":" + port;
    }
}
