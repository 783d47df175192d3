package org.pbxmon.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.pbxmon.config.TlsConfig;

/**
 * The server's TLS context from PEM files or a keystore. Its key manager delegates to the last good
 * key and chain; {@link #reloadIfChanged()} re-reads the files when their size or time changed and
 * keeps the old key when the new files are bad, so a renewed certificate needs no restart.
 */
final class TlsContext {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] EPHEMERAL = "pbxmon".toCharArray();

    private final TlsConfig config;
    private final SSLContext context;
    private final Reloading keys;
    private volatile String stamp;

    /** Reads the files now; throws when they are unusable (the agent then refuses to start). */
    TlsContext(TlsConfig config) throws IOException, GeneralSecurityException {
        this.config = config;
        this.stamp = stamp();
        this.keys = new Reloading(load());
        this.context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keys}, null, null);
    }

    SSLContext sslContext() {
        return context;
    }

    /** True when the files changed and were loaded; false when unchanged; throws when unusable. */
    boolean reloadIfChanged() throws IOException, GeneralSecurityException {
        String now = stamp();
        if (now.equals(stamp)) {
            return false;
        }
        X509ExtendedKeyManager fresh = load();
        keys.current = fresh;
        stamp = now;
        return true;
    }

    /** The leaf certificate in use (for tests and logs). */
    X509Certificate leaf() {
        X509Certificate[] chain = keys.getCertificateChain(Reloading.ALIAS);
        return chain == null || chain.length == 0 ? null : chain[0];
    }

    private String stamp() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : config.pem() ? List.of(config.certFile(), config.keyFile()) : List.of(config.keystoreFile())) {
            b.append(Files.getLastModifiedTime(p).toMillis()).append('/').append(Files.size(p)).append(';');
        }
        return b.toString();
    }

    private X509ExtendedKeyManager load() throws IOException, GeneralSecurityException {
        KeyStore ks;
        char[] password;
        if (config.pem()) {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(config.certFile()))));
            if (chain.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + config.certFile());
            }
            PrivateKey key = privateKey(Files.readString(config.keyFile(), StandardCharsets.US_ASCII));
            password = EPHEMERAL;
            ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(Reloading.ALIAS, key, password, chain.toArray(new Certificate[0]));
        } else {
            password = config.keystorePassword().reveal().toCharArray();
            ks = KeyStore.getInstance(config.keystoreFile().toFile(), password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509ExtendedKeyManager x) {
                return new Single(x, ks.aliases().nextElement());
            }
        }
        throw new GeneralSecurityException("no X.509 key manager");
    }

    /** An unencrypted PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}) PEM key. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (type.equals("PRIVATE KEY")) {
                for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
                throw new GeneralSecurityException("unsupported PKCS#8 key");
            }
            if (type.equals("RSA PRIVATE KEY")) {
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(der)));
            }
            if (type.contains("ENCRYPTED") || type.equals("EC PRIVATE KEY")) {
                throw new GeneralSecurityException(type + " is not supported: convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
            }
        }
        throw new GeneralSecurityException("no PEM private key found");
    }

    /** Wraps a PKCS#1 RSA key in a PKCS#8 PrivateKeyInfo. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algId);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** A key manager that always offers one alias of its delegate. */
    private static final class Single extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final String alias;

        Single(X509ExtendedKeyManager delegate, String alias) {
            this.delegate = delegate;
            this.alias = alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** Delegates to the current key manager; the alias is fixed so a swap between calls is harmless. */
    private static final class Reloading extends X509ExtendedKeyManager {
        static final String ALIAS = "pbxmon";
        volatile X509ExtendedKeyManager current;

        Reloading(X509ExtendedKeyManager first) {
            this.current = first;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return fits(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return fits(keyType) ? ALIAS : null;
        }

        /** Whether the current key serves the key type the handshake asks for ("RSA", "EC", ...). */
        private boolean fits(String keyType) {
            PrivateKey k = current.getPrivateKey(ALIAS);
            return k != null && (keyType == null || keyType.equalsIgnoreCase(k.getAlgorithm())
                    || keyType.equals("EdDSA") && k.getAlgorithm().startsWith("Ed"));
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return current.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return current.getPrivateKey(alias);
        }
    }
}
