package org.pbxmon.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pbxmon.config.AgentConfig;
import org.pbxmon.config.PbxConfig;
import org.pbxmon.config.ProbeConfig;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.source.Source;
import org.pbxmon.source.ami.AmiSource;
import org.pbxmon.source.cel.CelSource;
import org.pbxmon.source.probe.CertificateSource;
import org.pbxmon.source.probe.ProbeSource;

/**
 * THE list of sources and how a config turns into them: one AMI session per PBX (always on), one CEL
 * poller per PBX that has a {@code cel} block. Every new kind of source is added here and nowhere
 * else.
 */
final class SourceCatalogue {
    private SourceCatalogue() {
    }

    static List<Source> fromConfig(AgentConfig config, SnapshotStore store) {
        List<Source> out = new ArrayList<>();
        for (PbxConfig pbx : config.pbxes()) {
            out.add(new AmiSource(pbx, store, config.publishInterval()));
        }
        for (PbxConfig pbx : config.pbxes()) {
            if (pbx.cel() != null) {
                out.add(new CelSource(pbx.name(), pbx.cel(), store));
            }
        }
        for (ProbeConfig probe : config.probes()) {
            out.add(new ProbeSource(probe, store));
        }
        for (ProbeConfig.Certificate cert : config.certificates()) {
            out.add(new CertificateSource(cert, store));
        }
        return out;
    }

    /**
     * What each source of {@link #fromConfig} is built from, by {@link Source#key()}: a config reload
     * restarts a source only when this changed. Keep it in step with {@link #fromConfig}; a source
     * missing here restarts on every reload that changes any source's config.
     */
    static Map<String, Object> specs(AgentConfig config) {
        Map<String, Object> out = new HashMap<>();
        for (PbxConfig pbx : config.pbxes()) {
            // the AMI session does not depend on the cel block: a CEL change restarts only the CEL source
            PbxConfig ami = new PbxConfig(pbx.name(), pbx.ami(), pbx.trunks(), pbx.stuckCallThreshold(), null, pbx.quality());
            out.put("ami:" + pbx.name(), List.of(ami, config.publishInterval()));
            if (pbx.cel() != null) {
                out.put("cel:" + pbx.name(), pbx.cel());
            }
        }
        for (ProbeConfig probe : config.probes()) {
            out.put("probe:" + probe.name(), probe);
        }
        for (ProbeConfig.Certificate cert : config.certificates()) {
            out.put("cert:" + cert.target(), cert);
        }
        return out;
    }
}
