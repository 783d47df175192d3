package org.pbxmon.config;

/**
 * Resource limits of the embedded HTTP server. The request head limits (16 KiB, 64 headers) and the
 * timeouts against slow clients are fixed in {@code web.WebServer}.
 *
 * @param workers                 requests handled at once
 * @param queue                   requests that may wait for a worker; beyond it the server answers 503 at once
 * @param maxBody                 largest request body, in bytes, for every group but intake and api
 * @param maxBodyIntake           largest request body of the {@code intake} group (Alertmanager webhooks)
 * @param maxBodyApi              largest request body of the {@code api} group
 * @param maxConnections          open connections in all; beyond it a new connection is closed at once
 * @param maxConnectionsPerClient open connections from one remote IP address; beyond it 429 and close
 */
public record HttpLimits(int workers, int queue, long maxBody, long maxBodyIntake, long maxBodyApi,
        int maxConnections, int maxConnectionsPerClient) {
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;
    public static final HttpLimits DEFAULT = new HttpLimits(8, 64, 64 * 1024, 1024 * 1024, 256 * 1024);

    public HttpLimits {
        if (workers < 1 || queue < 0 || maxBody < 0 || maxBodyIntake < 0 || maxBodyApi < 0 || maxConnections < 1
                || maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("invalid limits");
        }
    }

    /** With the default connection limits. */
    public HttpLimits(int workers, int queue, long maxBody, long maxBodyIntake, long maxBodyApi) {
        this(workers, queue, maxBody, maxBodyIntake, maxBodyApi, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
    }

    /** The body limit of an endpoint group. */
    public long maxBodyFor(String group) {
        return switch (group) {
            case "intake" -> maxBodyIntake;
            case "api" -> maxBodyApi;
            default -> maxBody;
        };
    }
}
