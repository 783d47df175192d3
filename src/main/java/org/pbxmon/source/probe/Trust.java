package org.pbxmon.source.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.pbxmon.config.ProbeConfig;

/** TLS trust of a probe: the JDK's CAs, the CAs of a PEM file, or (insecure) anything. */
final class Trust {
    private Trust() {
    }

    static TlsSocketStrategy strategy(ProbeConfig.Tls tls) throws GeneralSecurityException, IOException {
        if (tls.insecureSkipVerify()) {
            SSLContext ctx = SSLContextBuilder.create().loadTrustMaterial(TrustAllStrategy.INSTANCE).build();
            return ClientTlsStrategyBuilder.create().setSslContext(ctx)
                    .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE).buildClassic();
        }
        if (tls.caFile() != null) {
            SSLContext ctx = SSLContextBuilder.create().loadTrustMaterial(pemTrustStore(tls), null).build();
            return ClientTlsStrategyBuilder.create().setSslContext(ctx).buildClassic();
        }
        return ClientTlsStrategyBuilder.create().buildClassic();
    }

    private static KeyStore pemTrustStore(ProbeConfig.Tls tls) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(tls.caFile())) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + tls.caFile());
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        return ks;
    }
}
