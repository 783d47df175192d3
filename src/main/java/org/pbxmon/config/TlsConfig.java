package org.pbxmon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * HTTPS for the embedded server: either a PEM certificate chain and a PEM (PKCS#8) private key, or a
 * PKCS#12/JKS keystore. The files are re-read when they change ({@code reload_interval}).
 *
 * @param certFile         PEM certificate chain (leaf first), or null with a keystore
 * @param keyFile          PEM private key, unencrypted PKCS#8 or PKCS#1 RSA, or null with a keystore
 * @param keystoreFile     PKCS#12 or JKS keystore, or null with PEM files
 * @param keystorePassword the keystore's password (also the key's), or null with PEM files
 * @param reloadInterval   how often the files are checked for a change
 */
public record TlsConfig(Path certFile, Path keyFile, Path keystoreFile, Secret keystorePassword,
        Duration reloadInterval) {
    public TlsConfig {
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if ((certFile == null) != (keyFile == null) || (certFile == null) == (keystoreFile == null)) {
            throw new IllegalArgumentException("give cert_file and key_file, or keystore_file");
        }
    }

    public boolean pem() {
        return certFile != null;
    }
}
