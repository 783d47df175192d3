package org.pbxmon.incident.callback;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pbxmon.config.IncidentsConfig;

/**
 * How one callback turns an event's JSON into an HTTP request (the Kaleyra model): {@code {response}}
 * in the URL is the JSON URL-encoded; a POST body is a form ({@code application/x-www-form-urlencoded},
 * {@code {response}} URL-encoded; an empty template means {@code data={response}}) or, with
 * {@code rawJson}, {@code application/json} ({@code {response}} substituted as is; an empty template
 * means the JSON itself). Headers are literal. Pure: validated once, then {@link #render} never fails.
 */
record Template(String name, String host, String method, String url, String body, boolean rawJson,
        Map<String, String> headers) {
    static final String PLACEHOLDER = "{response}";
    static final String FORM_DEFAULT = "data=" + PLACEHOLDER;
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";
    /** {@code {response}} as a URI may hold it after quoting. */
    private static final Pattern QUOTED = Pattern.compile("%7[Bb]response%7[Dd]");
    /** Headers the dispatcher sets itself; a configured one of these names is refused. */
    private static final java.util.Set<String> OURS = java.util.Set.of("webhook-id", "webhook-timestamp",
            "webhook-signature");

    /** One request, ready to sign and send. */
    record Rendered(String method, URI uri, byte[] body, String contentType) {
    }

    /**
     * Validates {@code c}: an http(s) URL with a host, GET or POST, headers the HTTP client accepts.
     *
     * @throws IllegalArgumentException naming the callback and what is wrong (never a header value)
     */
    static Template of(IncidentsConfig.Callback c) {
        String name = c.name();
        String method = c.method() == null || c.method().isBlank() ? "POST" : c.method().trim().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("callback " + name + ": method must be GET or POST, not " + c.method());
        }
        String url = QUOTED.matcher(c.url().toString()).replaceAll(Matcher.quoteReplacement(PLACEHOLDER));
        URI probe = c.url();
        String scheme = probe.getScheme() == null ? "" : probe.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || probe.getHost() == null) {
            throw new IllegalArgumentException("callback " + name + ": url must be http(s)://host/..., not "
                    + (scheme.isEmpty() ? "a relative URL" : scheme + " without a host"));
        }
        String template = c.payload() == null ? "" : c.payload();
        String body = template.isEmpty() && !c.rawJson() ? FORM_DEFAULT : template;
        Map<String, String> headers = new LinkedHashMap<>();
        HttpRequest.Builder check = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            String key = h.getKey() == null ? "" : h.getKey().trim();
            if (OURS.contains(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("callback " + name + ": header " + key + " is set by pbxmon");
            }
            try {
                check.header(key, h.getValue() == null ? "" : h.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("callback " + name + ": header '" + key
                        + "' is not allowed or its value is not valid", e);
            }
            headers.put(key, h.getValue() == null ? "" : h.getValue());
        }
        Template t = new Template(name, probe.getHost(), method, url, body, c.rawJson(), headers);
        t.render("{}"); // a URL that no longer parses once expanded fails here, not at the first delivery
        return t;
    }

    /** The request for one event. */
    Rendered render(String json) {
        String inUrl = url.contains(PLACEHOLDER) ? url.replace(PLACEHOLDER, urlEncode(json)) : url;
        URI uri;
        try {
            uri = new URI(inUrl);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("callback " + name + ": url is not valid once {response} is expanded");
        }
        if (method.equals("GET")) {
            return new Rendered(method, uri, new byte[0], null);
        }
        String text;
        if (rawJson) {
            text = body.isEmpty() ? json : body.replace(PLACEHOLDER, json);
        } else {
            text = body.replace(PLACEHOLDER, formEncode(json));
        }
        return new Rendered(method, uri, text.getBytes(StandardCharsets.UTF_8), rawJson ? JSON : FORM);
    }

    /** Name and host only: the URL's query and the headers may hold tokens. */
    @Override
    public String toString() {
        return "Template[" + name + " " + method + " " + host + "]";
    }

    /** Form encoding ({@code +} for a space), as {@code application/x-www-form-urlencoded} wants. */
    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Like {@link #formEncode} but a space is {@code %20}, which every URL decoder reads as a space. */
    static String urlEncode(String s) {
        return formEncode(s).replace("+", "%20");
    }
}
