package org.pbxmon.incident.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.IncidentsConfig;

class TemplateTest {
    static final String JSON = "{\"object\":\"trunk:main/carrier a+b\",\"status\":\"critical\",\"note\":\"50% & more = ü?#\"}";

    static IncidentsConfig.Callback callback(String url, String method, String payload, boolean rawJson,
            Map<String, String> headers) {
        return new IncidentsConfig.Callback("crm", "CRM", true, URI.create(url), method, payload, headers, rawJson,
                Duration.ofSeconds(5), null, 1, Duration.ofHours(1));
    }

    @Test
    void getPutsTheUrlEncodedJsonInTheQuery() {
        Template t = Template.of(callback("https://hooks.example.com/hook?token=abc&data=%7Bresponse%7D", "GET", "",
                false, Map.of()));
        Template.Rendered r = t.render(JSON);
        assertEquals("GET", r.method());
        assertEquals(0, r.body().length);
        assertNull(r.contentType());
        String query = r.uri().getRawQuery();
        assertTrue(query.startsWith("token=abc&data="), query);
        String encoded = query.substring("token=abc&data=".length());
        assertFalse(encoded.contains("+") || encoded.contains(" ") || encoded.contains("&"), encoded);
        assertEquals(JSON, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        assertEquals(JSON, URI.create("http://x/?" + query).getQuery().substring("token=abc&data=".length()));
        assertEquals("hooks.example.com", t.host());
    }

    @Test
    void anUnquotedPlaceholderInTheUrlStringIsExpandedToo() {
        URI uri = URI.create("http://h/hook?data=%7Bresponse%7D");
        // the binder may give the URL either way; what reaches the template is the text
        Template t = Template.of(new IncidentsConfig.Callback("c", null, true, uri, "get", null, Map.of(), false,
                null, null, 0, null));
        assertEquals(JSON, URLDecoder.decode(t.render(JSON).uri().getRawQuery().substring(5), StandardCharsets.UTF_8));
    }

    @Test
    void postFormEncodesTheJsonInTheBody() {
        Template.Rendered r = Template.of(callback("http://h/hook", "POST", "data={response}&src=pbxmon", false,
                Map.of())).render(JSON);
        assertEquals(Template.FORM, r.contentType());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("&src=pbxmon"), body);
        String value = body.substring(5, body.indexOf("&src="));
        assertEquals(JSON, URLDecoder.decode(value, StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyFormTemplateMeansData() {
        Template.Rendered r = Template.of(callback("http://h/hook", "POST", "", false, Map.of())).render(JSON);
        assertEquals("data=" + Template.formEncode(JSON), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void rawJsonIsTheJsonItselfOrSubstitutedUnencoded() {
        Template.Rendered plain = Template.of(callback("http://h/hook", "POST", "", true, Map.of())).render(JSON);
        assertEquals(Template.JSON, plain.contentType());
        assertArrayEquals(JSON.getBytes(StandardCharsets.UTF_8), plain.body());
        Template.Rendered wrapped = Template.of(callback("http://h/hook", "POST", "{\"event\":{response},\"v\":1}", true,
                Map.of())).render(JSON);
        assertEquals("{\"event\":" + JSON + ",\"v\":1}", new String(wrapped.body(), StandardCharsets.UTF_8));
    }

    @Test
    void headersAreLiteral() {
        Template t = Template.of(callback("http://h/hook", "POST", "", true, Map.of("X-Token", "{response}")));
        assertEquals(Map.of("X-Token", "{response}"), t.headers());
    }

    @Test
    void badConfigIsRefusedClearlyWithoutTheHeaderValue() {
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("http://h/", "PUT", "", false, Map.of())));
        assertTrue(m.getMessage().contains("GET or POST"), m.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("ftp://h/", "GET", "", false, Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("/relative", "GET", "", false, Map.of())));
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("http://h/", "GET", "", false, Map.of("Host", "s3cr3t-value"))));
        assertFalse(h.getMessage().contains("s3cr3t"), h.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("http://h/", "GET", "", false, Map.of("Webhook-Signature", "x"))));
        assertThrows(IllegalArgumentException.class,
                () -> Template.of(callback("http://h/", "GET", "", false, Map.of("X-Bad", "line\nbreak"))));
    }
}
