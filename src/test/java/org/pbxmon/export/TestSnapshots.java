package org.pbxmon.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pbxmon.model.AmiStatus;
import org.pbxmon.model.CallStats;
import org.pbxmon.model.CollectorResult;
import org.pbxmon.model.CoreInfo;
import org.pbxmon.model.Endpoint;
import org.pbxmon.model.EndpointKind;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.QueueState;
import org.pbxmon.model.Registration;

/** Hand-made PBX snapshots for the exporter tests: a live PBX with what a test adds, or one whose state is unknown. */
public final class TestSnapshots {
    public static final long NOW = 1_700_000_000_000L;

    private final String name;
    private AmiStatus ami = new AmiStatus(true, true, NOW, 10, 0, Map.of(), 0, 0, 0, "");
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final List<CollectorResult> collectors = new ArrayList<>(List.of(new CollectorResult("core", true, 0.01, NOW, "")));
    private final List<QueueState> queues = new ArrayList<>();
    private org.pbxmon.model.CallQuality quality = org.pbxmon.model.CallQuality.EMPTY;

    private TestSnapshots(String name) {
        this.name = name;
    }

    /** A live PBX (logged in, synced) with one extension up and nothing failed. */
    public static TestSnapshots pbx(String name) {
        TestSnapshots t = new TestSnapshots(name);
        t.endpoints.add(new Endpoint("PJSIP", "101", EndpointKind.EXTENSION, "default", EndpointState.UP, 0.01,
                "Not in use", 1, 0, null));
        return t;
    }

    public TestSnapshots trunk(String tech, String name, EndpointState state) {
        endpoints.add(new Endpoint(tech, name, EndpointKind.TRUNK, "outbound_auth", state, null, "", 0, 2, null));
        return this;
    }

    public TestSnapshots extension(String name, EndpointState state) {
        endpoints.add(new Endpoint("PJSIP", name, EndpointKind.EXTENSION, "default", state, null, "", 0, 0, null));
        return this;
    }

    public TestSnapshots registration(String name, String status) {
        registrations.add(new Registration("PJSIP", name, "sip:a@b", "sip:b", status, ""));
        return this;
    }

    public TestSnapshots collectorFailed(String collector, String error) {
        collectors.add(new CollectorResult(collector, false, 0.5, NOW, error));
        return this;
    }

    public TestSnapshots queue(String name, int callers) {
        queues.add(new QueueState(name, callers, 12, Map.of("not_in_use", 1)));
        return this;
    }

    public TestSnapshots quality(org.pbxmon.model.CallQuality q) {
        quality = q;
        return this;
    }

    /** AMI session down with this last error (the last figures stay in the snapshot, as a source may keep them). */
    public TestSnapshots down(String lastError) {
        ami = new AmiStatus(false, false, NOW, 10, 0, Map.of(), 1, 0, 0, lastError);
        return this;
    }

    /** Logged in, first sync of the session not finished. */
    public TestSnapshots syncing() {
        ami = new AmiStatus(true, false, NOW, 10, 0, Map.of(), 1, 0, 3, "");
        return this;
    }

    public PbxSnapshot build() {
        return new PbxSnapshot(name, "pbxmon@" + name + ":5038", ami,
                new CoreInfo("22.1.0", "12.0.0", NOW / 1000 - 3600, NOW / 1000 - 60, 5),
                new CallStats(4, 2, 30.5, 0, 1, 17, NOW - 1000), endpoints, registrations, queues, collectors, NOW,
                quality);
    }
}
