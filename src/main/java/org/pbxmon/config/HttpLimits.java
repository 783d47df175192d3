package org.pbxmon.config;

/**
 * Resource limits of the embedded HTTP server. Request line and header limits and the read timeout
 * against slow clients are JVM-wide properties of the JDK server, fixed in {@code web.WebServer}.
 *
 * @param workers           request threads
 * @param queue             requests that may wait for a worker; beyond it the server answers 503 at once
 * @param maxBody           largest request body, in bytes, for every group but intake and api
 * @param maxBodyIntake     largest request body of the {@code intake} group (Alertmanager webhooks)
 * @param maxBodyApi        largest request body of the {@code api} group
 */
public record HttpLimits(int workers, int queue, long maxBody, long maxBodyIntake, long maxBodyApi) {
    public static final HttpLimits DEFAULT = new HttpLimits(8, 64, 64 * 1024, 1024 * 1024, 256 * 1024);

    public HttpLimits {
        if (workers < 1 || queue < 0 || maxBody < 0 || maxBodyIntake < 0 || maxBodyApi < 0) {
            throw new IllegalArgumentException("invalid limits");
        }
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
