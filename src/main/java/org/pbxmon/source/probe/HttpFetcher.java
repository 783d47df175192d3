package org.pbxmon.source.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.pbxmon.config.ProbeConfig;

/**
 * GETs for one probe over Apache HttpClient 5: Basic (preemptive), Digest (RFC 7616, MD5 and SHA-256,
 * challenge and response), a header or a cookie; TLS trust from the config; redirects followed up to
 * {@link #MAX_REDIRECTS} and never in a circle, and never to another origin while credentials are
 * sent; bodies read up to {@code max_body_bytes}; every request bounded by the run's deadline (a
 * watchdog cancels it, so a server that trickles bytes cannot hold the probe). Turns every failure
 * into an {@link Profile.Answer} with a reason; never throws.
 */
final class HttpFetcher implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    private static final int CHUNK = 16 * 1024;

    private final ProbeConfig config;
    private final ScheduledExecutorService watchdog;
    private final CloseableHttpClient client;
    private final HttpHost origin;
    private final HttpClientContext context = HttpClientContext.create();
    private final RequestConfig requestConfig;

    /** Builds the client; reads {@code tls.ca_file}, so call it from the probe's thread, not a constructor. */
    HttpFetcher(ProbeConfig config, ScheduledExecutorService watchdog) throws GeneralSecurityException, IOException {
        this.config = config;
        this.watchdog = watchdog;
        URI url = config.url();
        this.origin = new HttpHost(url.getScheme(), url.getHost(), url.getPort());
        Timeout timeout = Timeout.of(config.timeout());
        this.requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .setRedirectsEnabled(true)
                .setMaxRedirects(MAX_REDIRECTS)
                .setCircularRedirectsAllowed(false)
                .build();
        PoolingHttpClientConnectionManagerBuilder cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(2)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                        .setSocketTimeout(timeout).build());
        if (url.getScheme().equalsIgnoreCase("https")) {
            cm.setTlsSocketStrategy(Trust.strategy(config.tls()));
        }
        ProbeConfig.Auth auth = config.auth();
        boolean sendsCredentials = !auth.type().equals("none") || !config.webim().cookie().isEmpty();
        HttpClientBuilder b = HttpClientBuilder.create()
                .setConnectionManager(cm.build())
                .setUserAgent("pbxmon")
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setRedirectStrategy(new DefaultRedirectStrategy() {
                    @Override
                    public boolean isRedirectAllowed(HttpHost current, HttpHost next, HttpRequest redirect,
                            HttpContext ctx) {
                        return sendsCredentials ? current.equals(next) : super.isRedirectAllowed(current, next, redirect, ctx);
                    }
                })
                .setDefaultRequestConfig(requestConfig);
        if (auth.type().equals("basic") || auth.type().equals("digest")) {
            UsernamePasswordCredentials creds = new UsernamePasswordCredentials(auth.username(),
                    auth.password().reveal().toCharArray());
            b.setDefaultCredentialsProvider(CredentialsProviderBuilder.create()
                    .add(new AuthScope(url.getHost(), url.getPort()), creds).build());
            if (auth.type().equals("basic")) {
                BasicScheme basic = new BasicScheme();
                basic.initPreemptive(creds);
                context.resetAuthExchange(origin, basic);
            }
        }
        this.client = b.build();
    }

    /** One GET, within what is left of the run's budget ({@code deadlineNanos} on {@link System#nanoTime}). */
    Profile.Answer fetch(Profile.Request r, long deadlineNanos) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (leftMs <= 0) {
            return Profile.Answer.failed(r.key(), "timeout", "not requested: the run's timeout ("
                    + config.timeout().toMillis() / 1000.0 + "s) was used up");
        }
        HttpGet get = new HttpGet(resolve(r.target()));
        get.setConfig(RequestConfig.copy(requestConfig)
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(leftMs))
                .setResponseTimeout(Timeout.ofMilliseconds(leftMs))
                .build());
        ProbeConfig.Auth auth = config.auth();
        String cookie = auth.type().equals("cookie") ? auth.value().reveal() : "";
        if (r.cookie() && !config.webim().cookie().isEmpty()) {
            cookie = cookie.isEmpty() ? config.webim().cookie().reveal() : cookie + "; " + config.webim().cookie().reveal();
        }
        if (!cookie.isEmpty()) {
            get.addHeader(new BasicHeader("Cookie", cookie, true));
        }
        if (auth.type().equals("header")) {
            get.addHeader(new BasicHeader(auth.header(), auth.value().reveal(), true));
        }
        get.addHeader("Accept", "application/json, text/plain;q=0.9, */*;q=0.1");
        ScheduledFuture<?> cancel = watchdog.schedule(get::cancel, leftMs, TimeUnit.MILLISECONDS);
        ClassicHttpResponse resp = null;
        try {
            resp = client.executeOpen(null, get, context);
            return read(r.key(), resp, get);
        } catch (IOException | RuntimeException e) {
            if (get.isCancelled()) {
                return Profile.Answer.failed(r.key(), "timeout", "no complete answer within "
                        + config.timeout().toMillis() / 1000.0 + "s");
            }
            return failure(r.key(), e);
        } finally {
            cancel.cancel(false);
            if (resp != null) {
                try {
                    resp.close();
                } catch (IOException | RuntimeException ignored) {
                    // the connection is dropped either way
                }
            }
        }
    }

    private Profile.Answer read(String key, ClassicHttpResponse resp, HttpGet get) throws IOException {
        HttpEntity entity = resp.getEntity();
        if (entity == null) {
            return new Profile.Answer(key, resp.getCode(), new byte[0], null, "");
        }
        long max = config.maxBodyBytes();
        if (entity.getContentLength() > max) {
            get.cancel(); // drop the connection rather than drain the body
            return Profile.Answer.failed(key, "too_large", "body of " + entity.getContentLength()
                    + " bytes is larger than max_body_bytes (" + max + "); not read");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = entity.getContent();
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + n > max) {
                get.cancel();
                return Profile.Answer.failed(key, "too_large", "body is larger than max_body_bytes (" + max
                        + "); read stopped there");
            }
            out.write(buf, 0, n);
        }
        return new Profile.Answer(key, resp.getCode(), out.toByteArray(), null, "");
    }

    /** The URL of a request target: "" is the probe URL itself, "/x" is /x under the URL's path. */
    URI resolve(String target) {
        URI u = config.url();
        if (target.isEmpty()) {
            return u;
        }
        String base = u.getRawPath() == null ? "" : u.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + base + target);
    }

    private static Profile.Answer failure(String key, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedirectException) {
                return Profile.Answer.failed(key, "redirect", "redirects: " + t.getMessage());
            }
        }
        if (e instanceof UnknownHostException) {
            return Profile.Answer.failed(key, "connect", "unknown host " + e.getMessage());
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return Profile.Answer.failed(key, "connect", "cannot connect (" + e.getMessage() + ")");
        }
        if (e instanceof SocketTimeoutException) {
            return Profile.Answer.failed(key, "timeout", "timed out (" + e.getMessage() + ")");
        }
        if (e instanceof SSLException) {
            return Profile.Answer.failed(key, "tls", "TLS: " + e.getMessage());
        }
        if (e instanceof InterruptedIOException) {
            return Profile.Answer.failed(key, "timeout", "interrupted (" + e.getMessage() + ")");
        }
        return Profile.Answer.failed(key, "io", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
