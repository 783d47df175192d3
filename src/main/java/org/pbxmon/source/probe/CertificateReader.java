package org.pbxmon.source.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.pbxmon.model.ProbeStatus;

/**
 * Reads the certificates of a TLS endpoint (by handshake) or a PEM file, and reports the one that
 * expires first. The handshake trusts any certificate on purpose: an expired or self-signed one must
 * still be read, and nothing is sent over the connection.
 */
final class CertificateReader {
    private CertificateReader() {
    }

    /** The certificate of the presented chain that expires first. */
    static ProbeStatus.Certificate endpoint(String host, int port, Duration timeout)
            throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new AcceptAll()}, null);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), ms);
            raw.setSoTimeout(ms);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
                if (!host.matches("[0-9.]+") && host.indexOf(':') < 0) {
                    SSLParameters p = s.getSSLParameters();
                    p.setServerNames(List.of(new SNIHostName(host)));
                    s.setSSLParameters(p);
                }
                s.startHandshake();
                return earliest(List.of(s.getSession().getPeerCertificates()));
            }
        }
    }

    /** The certificate of a PEM (or DER) file that expires first. */
    static ProbeStatus.Certificate file(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return earliest(new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in)));
        }
    }

    static ProbeStatus.Certificate earliest(List<? extends Certificate> certs) throws GeneralSecurityException {
        X509Certificate first = certs.stream().filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast)
                .min(Comparator.comparing(X509Certificate::getNotAfter)).orElse(null);
        if (first == null) {
            throw new GeneralSecurityException("no X.509 certificate found");
        }
        return new ProbeStatus.Certificate(first.getNotAfter().getTime() / 1000,
                first.getSubjectX500Principal().getName());
    }

    /** Accepts every chain: we read certificates, we do not trust them with anything. */
    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
