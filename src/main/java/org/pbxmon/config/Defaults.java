package org.pbxmon.config;

import java.time.Duration;

/** Default values used when a key is absent (also by {@link ConfigLoader#demo}). */
final class Defaults {
    static final String LISTEN_HOST = "0.0.0.0";
    static final int LISTEN_PORT = 10089;

    static final int AMI_PORT = 5038;
    static final String AMI_AUTH = "md5";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(25);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESYNC_INTERVAL = Duration.ofMinutes(5);
    static final Duration RECONNECT_BACKOFF_MAX = Duration.ofSeconds(8);
    static final boolean EVENTS = true;
    static final Duration STUCK_CALL_THRESHOLD = Duration.ofHours(4);

    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(250);
    static final Duration PUBLISH_INTERVAL_MIN = Duration.ofMillis(10);
    static final Duration PUBLISH_INTERVAL_MAX = Duration.ofSeconds(10);

    private Defaults() {
    }
}
