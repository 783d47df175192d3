package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Digest against real clients: Apache httpclient5 (a standard Java Digest client) and curl --digest. */
class DigestClientsTest {
    private static WebFixture web;

    @BeforeAll
    static void start() throws Exception {
        web = WebFixture.start(WebFixture.http(Map.of("status", List.of("basic", "digest"))), List.of());
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void challengeListsDigestSha256ThenMd5ThenBasic() {
        HttpResponse<String> r = web.get("/status");
        assertEquals(401, r.statusCode());
        List<String> c = r.headers().allValues("WWW-Authenticate");
        assertEquals(3, c.size(), c.toString());
        assertTrue(c.get(0).startsWith("Digest ") && c.get(0).contains("algorithm=SHA-256"), c.get(0));
        assertTrue(c.get(1).startsWith("Digest ") && c.get(1).contains("algorithm=MD5"), c.get(1));
        assertTrue(c.get(0).contains("qop=\"auth\"") && c.get(0).contains("realm=\"pbxmon\""), c.get(0));
        assertTrue(c.get(2).startsWith("Basic realm=\"pbxmon\""), c.get(2));
        assertFalse(r.body().contains(WebFixture.PASS));
    }

    private static int apache(String user, String pass, String path) throws Exception {
        BasicCredentialsProvider creds = new BasicCredentialsProvider();
        creds.setCredentials(new AuthScope("127.0.0.1", web.port),
                new UsernamePasswordCredentials(user, pass.toCharArray()));
        RequestConfig cfg = RequestConfig.custom().setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.DIGEST))
                .build();
        try (CloseableHttpClient client = HttpClients.custom().setDefaultCredentialsProvider(creds)
                .setDefaultRequestConfig(cfg).build()) {
            HttpHost host = new HttpHost("http", "127.0.0.1", web.port);
            int last = 0;
            for (int i = 0; i < 3; i++) {
                // Several requests: the client reuses the nonce with nc 1, 2, 3 (no replay refused).
                last = client.execute(host, new HttpGet(path), resp -> {
                    EntityUtils.consume(resp.getEntity());
                    return resp.getCode();
                });
                if (last != 200) {
                    return last;
                }
            }
            return last;
        }
    }

    @Test
    void apacheHttpClientLogsInWithDigest() throws Exception {
        assertEquals(200, apache(WebFixture.USER, WebFixture.PASS, "/status?path=app.version"));
    }

    @Test
    void apacheHttpClientWithAWrongPasswordIsRefused() throws Exception {
        assertEquals(401, apache(WebFixture.USER, "wrong", "/status"));
    }

    private static String curl(String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "-m", "10"));
        cmd.addAll(List.of(extra));
        return WebFixture.run(cmd).trim();
    }

    @Test
    void curlDigestLogsIn() throws Exception {
        String url = "http://127.0.0.1:" + web.port + "/status?path=app.master.general.app_state";
        assertEquals("200", curl("--digest", "-u", WebFixture.USER + ":" + WebFixture.PASS, url));
        assertEquals("401", curl("--digest", "-u", WebFixture.USER + ":nope", url));
        assertEquals("200", curl("-u", WebFixture.USER + ":" + WebFixture.PASS, url), "Basic too");
    }

    @Test
    void curlDigestUsesSha256() throws Exception {
        String url = "http://127.0.0.1:" + web.port + "/status";
        String trace = WebFixture.run(List.of("curl", "-sS", "-v", "-o", "/dev/null", "-m", "10", "--digest", "-u",
                WebFixture.USER + ":" + WebFixture.PASS, url));
        String auth = trace.lines().filter(l -> l.startsWith("> Authorization: Digest")).findFirst().orElse("");
        assertNotNull(auth);
        assertTrue(auth.contains("algorithm=SHA-256"), trace);
        assertTrue(trace.contains("< HTTP/1.1 200"), trace);
    }
}
