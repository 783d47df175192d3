package org.pbxmon.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git revision, from the jar's build properties. */
public final class Version {
    private static final Properties PROPS = load();

    private Version() {
    }

    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    public static String revision() {
        return PROPS.getProperty("revision", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/pbxmon-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // defaults
        }
        if (p.getProperty("version", "").startsWith("${")) {
            p.setProperty("version", "dev");
        }
        if (p.getProperty("revision", "").startsWith("${")) {
            p.setProperty("revision", "unknown");
        }
        return p;
    }
}
