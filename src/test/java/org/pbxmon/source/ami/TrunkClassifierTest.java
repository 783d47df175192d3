package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.TrunkRules;
import org.pbxmon.model.EndpointKind;

class TrunkClassifierTest {
    private static TrunkClassifier.Facts facts(String name, boolean reg, boolean outAuth, boolean identify,
            boolean iaxTrunk, boolean iaxStatic) {
        return new TrunkClassifier.Facts(name, reg, outAuth, identify, iaxTrunk, iaxStatic);
    }

    @Test
    void realSignalsMakeTrunks() {
        TrunkClassifier c = new TrunkClassifier(TrunkRules.none());
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "registration"), c.classify(facts("a", true, true, true, false, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "outbound_auth"), c.classify(facts("carrier", false, true, false, false, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "identify"), c.classify(facts("gw", false, false, true, false, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "iax_trunk"), c.classify(facts("t", false, false, false, true, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "iax_static"), c.classify(facts("carrier-iax", false, false, false, false, true)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.EXTENSION, "default"), c.classify(facts("101", false, false, false, false, false)));
    }

    @Test
    void configOverridesSignals() {
        TrunkRules rules = new TrunkRules(Set.of("office"), Set.of("carrier"), Pattern.compile("^prov-"), Map.of("office", 10));
        TrunkClassifier c = new TrunkClassifier(rules);
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.EXTENSION, "config"), c.classify(facts("carrier", true, true, true, false, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "config"), c.classify(facts("office", false, false, false, false, false)));
        assertEquals(new TrunkClassifier.Verdict(EndpointKind.TRUNK, "config_match"), c.classify(facts("prov-1", false, false, false, false, false)));
        assertEquals(10, c.capacity("office"));
        assertEquals(null, c.capacity("prov-1"));
    }
}
