package org.pbxmon.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP JSON probe ({@code probes[]}). Secrets are {@link Secret}s, so {@link #toString()} never
 * shows them; the URL never holds credentials (the loader refuses user info in it).
 *
 * @param name         unique, {@code [A-Za-z0-9_.-]+}; the {@code probe} label
 * @param profile      {@code itgrix}, {@code webim} or {@code generic}
 * @param url          http(s) URL: the {@code /status} URL (itgrix; {@code /status} is added to a bare
 *                     host), the Webim base URL (webim), or the JSON document (generic)
 * @param timeout      budget of one whole run (every request of the profile); at most {@code interval}
 * @param maxBodyBytes a longer body is cut off and counted as {@code too_large}
 * @param license      what license to expect (itgrix)
 * @param webim        Webim options (webim); {@link Webim#NONE} otherwise
 * @param metrics      generic mappings, applied to the profile's main document
 */
public record ProbeConfig(String name, String profile, URI url, Duration interval, Duration timeout,
        long maxBodyBytes, Auth auth, Tls tls, License license, Webim webim, List<MetricMapping> metrics) {

    public ProbeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(webim, "webim");
        metrics = List.copyOf(metrics);
    }

    /** {@code scheme://host:port/path} of {@link #url()}: no query, never a secret; for status and logs. */
    public String describe() {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
    }

    /**
     * How a probe authenticates.
     *
     * @param type     none, basic, digest (RFC 7616: MD5, SHA-256), header or cookie
     * @param username basic and digest; "" otherwise
     * @param password basic and digest; empty otherwise
     * @param header   the header name (type header); "" otherwise
     * @param value    the header value (header) or the whole Cookie header value (cookie); empty otherwise
     */
    public record Auth(String type, String username, Secret password, String header, Secret value) {
        public static final Auth NONE = new Auth("none", "", Secret.of(""), "", Secret.of(""));

        public Auth {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * TLS trust for https URLs.
     *
     * @param insecureSkipVerify trust any certificate and host name (a self-signed test box only)
     * @param caFile             PEM file of the CAs to trust instead of the JDK's; null for the JDK's
     */
    public record Tls(boolean insecureSkipVerify, Path caFile) {
        public static final Tls DEFAULT = new Tls(false, null);
    }

    /**
     * License expectations (itgrix).
     *
     * @param expectedType the type that should be in force, e.g. Professional; "" for no downgrade check
     * @param timezone     the connector's time zone, for the end of the valid_till day; null: taken from
     *                     the offset of app_status_updated, else UTC
     * @param warnDays     a license expiring within this many days counts as expiring soon
     */
    public record License(String expectedType, ZoneId timezone, int warnDays) {
        public static final License DEFAULT = new License("", null, 14);

        public License {
            Objects.requireNonNull(expectedType, "expectedType");
        }
    }

    /**
     * Webim options.
     *
     * @param accounts accounts whose store errors are read from collected-to-store-objects
     * @param pingerId the {@code pinger-id} parameter of /l/o/pingservice
     * @param cookie   the Cookie header for /l/o/pingservice and get-tornado-ports.php; empty: those two
     *                 endpoints are not probed
     */
    public record Webim(List<String> accounts, String pingerId, Secret cookie) {
        public static final Webim NONE = new Webim(List.of(), "1", Secret.of(""));

        public Webim {
            accounts = List.copyOf(accounts);
            Objects.requireNonNull(pingerId, "pingerId");
            Objects.requireNonNull(cookie, "cookie");
        }
    }

    /**
     * A JSON path that becomes a metric.
     *
     * @param path         dotted path from the document root; a numeric part indexes an array; "" is the root
     * @param name         the metric name (a counter without {@code _total})
     * @param type         gauge or counter
     * @param help         the HELP text
     * @param labels       constant labels
     * @param eachLabel    null: the value at path is one number. Else the value at path is an array or
     *                     object and each element becomes one series, named by this label
     * @param eachKey      arrays of objects: the field of each element that names it ("" = its index);
     *                     objects are named by their keys
     * @param eachValue    the path inside each element that holds the number ("" = the element itself)
     */
    public record MetricMapping(String path, String name, String type, String help, Map<String, String> labels,
            String eachLabel, String eachKey, String eachValue) {
        public MetricMapping {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(help, "help");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(eachKey, "eachKey");
            Objects.requireNonNull(eachValue, "eachValue");
        }
    }

    /**
     * One certificate whose expiry is watched ({@code certificates[]}): a TLS endpoint or a PEM file.
     *
     * @param target   the endpoint or file as written; the {@code target} label
     * @param host     endpoint host (no brackets), null for a file
     * @param port     endpoint port, 0 for a file
     * @param file     PEM file, null for an endpoint
     */
    public record Certificate(String target, String host, int port, Path file, Duration interval, Duration timeout) {
        public Certificate {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
