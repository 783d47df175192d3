package org.pbxmon.source.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.ConfigException;
import org.pbxmon.config.ConfigLoader;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.ProbeStatus;

/** Seed payloads, probe configs from YAML, and a parse step without HTTP. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] payload(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/probe/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource /probe/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(payload(name), StandardCharsets.UTF_8);
    }

    /** The first probe of a YAML {@code probes:} list (indented as list items). */
    static ProbeConfig probe(String items) {
        try {
            AgentConfig c = ConfigLoader.parse("probes:\n" + items, "<test>", Map.of("PW", "s3cret-pw"));
            return c.probes().get(0);
        } catch (ConfigException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    static Profile.Answer ok(String key, byte[] body) {
        return new Profile.Answer(key, 200, body, null, "");
    }

    static Profile.Answer status(String key, int code, byte[] body) {
        return new Profile.Answer(key, code, body, null, "");
    }

    /** Runs a profile's parse step on canned answers. */
    static Reading parse(ProbeConfig config, long nowMs, Profile.Answer... answers) {
        Map<String, Profile.Answer> byKey = new HashMap<>();
        for (Profile.Answer a : answers) {
            byKey.put(a.key(), a);
        }
        Reading r = new Reading();
        Profiles.get(config.profile()).parse(config, byKey, nowMs, r);
        return r;
    }

    /** The value of a sample by name and labels, or null. */
    static Double value(Reading r, String name, String... labels) {
        for (ProbeStatus.Sample s : r.samples) {
            if (s.name().equals(name) && s.labels().equals(java.util.List.of(labels))) {
                return s.value();
            }
        }
        return null;
    }

    static java.util.List<String> reasons(Reading r) {
        return r.problems.stream().map(Reading.Problem::reason).toList();
    }
}
