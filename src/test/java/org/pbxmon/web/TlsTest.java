package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxmon.config.HttpLimits;
import org.pbxmon.config.Secret;
import org.pbxmon.config.TlsConfig;

/** HTTPS from PEM files and from a keystore: handshake, trust, plain HTTP refused, reload on change. */
class TlsTest {
    @TempDir
    Path dir;

    /** A self-signed PKCS#12 keystore for CN=cn made by keytool. */
    private Path keystore(String name, String cn, String keyalg) throws Exception {
        Path p = dir.resolve(name + ".p12");
        String out = WebFixture.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pbxmon", "-keyalg", keyalg, "-dname", "CN=" + cn, "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1", "-keystore", p.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"));
        assertTrue(Files.exists(p), out);
        return p;
    }

    /** Converts a keystore into cert.pem + key.pem (PKCS#8) as an admin would with openssl. */
    private Path[] pem(Path ks, String prefix) throws Exception {
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            k.load(in, "changeit".toCharArray());
        }
        Certificate cert = k.getCertificate("pbxmon");
        byte[] key = k.getKey("pbxmon", "changeit".toCharArray()).getEncoded();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
        Path c = dir.resolve(prefix + "cert.pem");
        Path kf = dir.resolve(prefix + "key.pem");
        Files.writeString(c, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(kf, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key) + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {c, kf};
    }

    /** A client that trusts exactly the given keystore's certificate. */
    private static HttpClient trusting(Path ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(3)).build();
    }

    private static HttpResponse<String> get(HttpClient c, int port, String path) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .header("Authorization", WebFixture.basic(WebFixture.USER, WebFixture.PASS))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pemHandshakeServesAndReloadsARenewedCertificate() throws Exception {
        Path ks1 = keystore("one", "pbxmon-one", "RSA");
        Path[] files = pem(ks1, "");
        TlsConfig tls = new TlsConfig(files[0], files[1], null, null, Duration.ofHours(1));
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(), HttpLimits.DEFAULT, tls), List.of())) {
            assertTrue(web.server.tls());
            HttpResponse<String> r = get(trusting(ks1), web.port, "/status?path=app.version");
            assertEquals(200, r.statusCode());
            assertEquals("TLSv1.3", r.sslSession().orElseThrow().getProtocol());
            assertEquals("CN=pbxmon-one", ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName());
            String plain = WebFixture.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
                    "http://127.0.0.1:" + web.port + "/metrics"));
            assertFalse(plain.startsWith("200"), "plain HTTP on the TLS port: " + plain);

            assertFalse(web.server.reloadTlsNow(), "unchanged files are not reloaded");
            Path ks2 = keystore("two", "pbxmon-two", "EC");
            Path[] renewed = pem(ks2, "new-");
            Files.move(renewed[0], files[0], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(renewed[1], files[1], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(files[0], FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertTrue(web.server.reloadTlsNow());
            HttpResponse<String> r2 = get(trusting(ks2), web.port, "/status?path=app.version");
            assertEquals(200, r2.statusCode());
            assertEquals("CN=pbxmon-two", ((X509Certificate) r2.sslSession().orElseThrow().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName());
            assertThrows(SSLHandshakeException.class, () -> get(trusting(ks1), web.port, "/metrics"),
                    "the old certificate is gone");

            Files.writeString(files[1], "garbage");
            Files.setLastModifiedTime(files[1], FileTime.fromMillis(System.currentTimeMillis() + 10_000));
            assertThrows(Exception.class, web.server::reloadTlsNow);
            assertEquals(200, get(trusting(ks2), web.port, "/metrics").statusCode(), "a bad renewal keeps the old key");
        }
    }

    @Test
    void keystoreServesAndCurlVerifiesWithTheCaFile() throws Exception {
        Path ks = keystore("store", "127.0.0.1", "RSA");
        Path[] files = pem(ks, "ca-");
        TlsConfig tls = new TlsConfig(null, null, ks, Secret.of("changeit"), Duration.ofSeconds(30));
        try (WebFixture web = WebFixture.start(WebFixture.http(Map.of(), HttpLimits.DEFAULT, tls), List.of())) {
            assertEquals(200, get(trusting(ks), web.port, "/metrics").statusCode());
            String code = WebFixture.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
                    "--cacert", files[0].toString(), "--digest", "-u", WebFixture.USER + ":" + WebFixture.PASS,
                    "https://127.0.0.1:" + web.port + "/status"));
            assertEquals("200", code.trim());
        }
    }

    @Test
    void pkcs1RsaKeysAreAcceptedAndEncryptedKeysExplained() throws Exception {
        Path ks = keystore("p1", "x", "RSA");
        Path[] files = pem(ks, "p1-");
        Path pkcs1 = dir.resolve("rsa.pem");
        String out = WebFixture.run(List.of("openssl", "pkey", "-in", files[1].toString(), "-traditional", "-out",
                pkcs1.toString()));
        String text = Files.readString(pkcs1);
        assertTrue(text.contains("BEGIN RSA PRIVATE KEY"), out + text);
        assertEquals("RSA", TlsContext.privateKey(text).getAlgorithm());
        Exception e = assertThrows(Exception.class, () -> TlsContext.privateKey(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"));
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }
}
