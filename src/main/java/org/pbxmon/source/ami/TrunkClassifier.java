package org.pbxmon.source.ami;

import org.pbxmon.config.TrunkRules;
import org.pbxmon.model.EndpointKind;

/**
 * Decides whether an endpoint is a trunk or an extension. Pure: facts in, verdict out.
 *
 * <p>Order of precedence (first match wins):
 * <ol>
 *   <li>config {@code trunks.extensions} names: extension ({@code config});</li>
 *   <li>config {@code trunks.names}: trunk ({@code config});</li>
 *   <li>config {@code trunks.match} regex: trunk ({@code config_match});</li>
 *   <li>an outbound registration points at it: trunk ({@code registration});</li>
 *   <li>PJSIP outbound auth (we authenticate towards it): trunk ({@code outbound_auth});</li>
 *   <li>a PJSIP {@code identify} section matches it by IP: trunk ({@code identify});</li>
 *   <li>IAX2 peer flagged {@code Trunk: yes}, or with a fixed host ({@code Dynamic: no}): trunk
 *       ({@code iax_trunk}, {@code iax_static});</li>
 *   <li>otherwise an extension ({@code default}).</li>
 * </ol>
 * The Azcall monitor calls every endpoint with outbound auth a trunk and every IAX2 peer a trunk; an
 * IAX2 phone or an IP-identified carrier without auth is then misfiled. We use every signal Asterisk
 * gives and let the admin override.
 */
final class TrunkClassifier {
    private final TrunkRules rules;

    TrunkClassifier(TrunkRules rules) {
        this.rules = rules == null ? TrunkRules.none() : rules;
    }

    /** Signals known about one endpoint or peer. */
    record Facts(String name, boolean registration, boolean outboundAuth, boolean identify, boolean iaxTrunkFlag,
            boolean iaxStatic) {
    }

    record Verdict(EndpointKind kind, String reason) {
    }

    Verdict classify(Facts f) {
        if (rules.extensions().contains(f.name())) {
            return new Verdict(EndpointKind.EXTENSION, "config");
        }
        if (rules.names().contains(f.name())) {
            return new Verdict(EndpointKind.TRUNK, "config");
        }
        if (rules.match() != null && rules.match().matcher(f.name()).find()) {
            return new Verdict(EndpointKind.TRUNK, "config_match");
        }
        if (f.registration()) {
            return new Verdict(EndpointKind.TRUNK, "registration");
        }
        if (f.outboundAuth()) {
            return new Verdict(EndpointKind.TRUNK, "outbound_auth");
        }
        if (f.identify()) {
            return new Verdict(EndpointKind.TRUNK, "identify");
        }
        if (f.iaxTrunkFlag()) {
            return new Verdict(EndpointKind.TRUNK, "iax_trunk");
        }
        if (f.iaxStatic()) {
            return new Verdict(EndpointKind.TRUNK, "iax_static");
        }
        return new Verdict(EndpointKind.EXTENSION, "default");
    }

    Integer capacity(String name) {
        return rules.capacityChannels().get(name);
    }
}
