package org.pbxmon.agent;

import java.util.ArrayList;
import java.util.List;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.pbxmon.source.ami.AmiSource;

/**
 * THE list of sources and how a config turns into them: one AMI session per PBX (always on). Every
 * new kind of source (CEL, HTTP probes) is added here and nowhere else.
 */
final class SourceCatalogue {
    private SourceCatalogue() {
    }

    static List<Source> fromConfig(AgentConfig config, SnapshotStore store) {
        List<Source> out = new ArrayList<>();
        for (PbxConfig pbx : config.pbxes()) {
            out.add(new AmiSource(pbx, store, config.publishInterval()));
        }
        return out;
    }
}
