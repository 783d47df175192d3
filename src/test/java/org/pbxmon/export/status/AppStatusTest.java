package org.pbxmon.export.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.export.FailedObjects;
import org.pbxmon.export.TestSnapshots;
import org.pbxmon.model.CelStatus;
import org.pbxmon.model.EndpointState;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.ProbeStatus;

/** The precedence of AppStatus's javadoc (and of the table in docs/ARCHITECTURE.md), rule by rule. */
class AppStatusTest {
    private static final long NOW = TestSnapshots.NOW;

    private static AppStatus of(List<PbxSnapshot> pbxes, List<CelStatus> cel, List<ProbeStatus> probes) {
        return AppStatus.of(pbxes, probes, cel, NOW);
    }

    private static AppStatus of(PbxSnapshot... pbxes) {
        return of(List.of(pbxes), List.of(), List.of());
    }

    private static CelStatus celDown(String pbx) {
        return new CelStatus(pbx, "ro@db:3306/asterisk", false, "Connection refused", true, 154, NOW, 60, "agent", 154, 0, 0,
                Map.of(), 0, false, Map.of(), 0.1, NOW);
    }

    private static ProbeStatus probeDown(String name) {
        return ProbeStatus.pending(name, ProbeStatus.HTTP, "itgrix", "http://127.0.0.1:1/status", "connect: refused");
    }

    @Test
    void everythingUpAndRegisteredIsOk() {
        PbxSnapshot ok = TestSnapshots.pbx("main").trunk("PJSIP", "carrier", EndpointState.UP)
                .trunk("IAX2", "slow", EndpointState.LAGGED).trunk("PJSIP", "unqualified", EndpointState.UNKNOWN)
                .extension("102", EndpointState.DOWN).registration("carrier-reg", "Registered").build();
        assertEquals(new AppStatus("", "Ok", "<nil>"), of(ok));
        assertEquals(new AppStatus("", "Ok", "<nil>"), of());
    }

    /** The case of the issue: the session is fine, the provider refuses us. */
    @Test
    void failingRegistrationsAndTrunksDownAreAWarningThatNamesThem() {
        PbxSnapshot s = TestSnapshots.pbx("main").registration("carrier-reg", "Rejected")
                .registration("backup-reg", "Registered").trunk("PJSIP", "carrier", EndpointState.DOWN).build();
        assertEquals(new AppStatus("", "Warning", "pbx main: registration PJSIP/carrier-reg Rejected; trunk PJSIP/carrier down"),
                of(s));
        // an unregistered phone (an extension down) is not a failed object
        assertEquals("Ok", of(TestSnapshots.pbx("main").extension("103", EndpointState.DOWN).build()).status());
    }

    @Test
    void everyFailedObjectOfEveryPbxIsNamedUpToTen() {
        PbxSnapshot a = TestSnapshots.pbx("a").collectorFailed("queues", "timeout").registration("r1", "Unregistered").build();
        PbxSnapshot b = TestSnapshots.pbx("b").trunk("IAX2", "t1", EndpointState.DOWN).build();
        assertEquals("pbx a: queues: timeout; registration PJSIP/r1 Unregistered; pbx b: trunk IAX2/t1 down", of(a, b).err());
        TestSnapshots many = TestSnapshots.pbx("big");
        for (int i = 0; i < 13; i++) {
            many.registration("reg" + i, "Rejected");
        }
        String err = of(many.build()).err();
        assertTrue(err.startsWith("pbx big: registration PJSIP/reg0 Rejected; registration PJSIP/reg1 Rejected;"), err);
        assertTrue(err.endsWith("registration PJSIP/reg9 Rejected (and 3 more)"), err);
    }

    @Test
    void firstSyncAndFailedCollectorsAreWarnings() {
        assertEquals(new AppStatus("", "Warning", "pbx main: initial sync not finished"),
                of(TestSnapshots.pbx("main").syncing().registration("x", "Rejected").build()));
        assertEquals(new AppStatus("", "Warning", "pbx main: queues: timeout"),
                of(TestSnapshots.pbx("main").collectorFailed("queues", "timeout").build()));
    }

    @Test
    void precedence() {
        PbxSnapshot rejected = TestSnapshots.pbx("a").registration("carrier-reg", "Rejected").build();
        PbxSnapshot down = TestSnapshots.pbx("b").down("connection refused").build();
        PbxSnapshot auth = TestSnapshots.pbx("c").down("authentication failed: bad secret").build();
        PbxSnapshot fine = TestSnapshots.pbx("d").build();
        // 1. credentials refused
        assertEquals(new AppStatus("stopped", "Error", "pbx c: authentication failed: bad secret"), of(down, auth, rejected));
        // 2. no session up
        assertEquals(new AppStatus("restarting", "Error", "pbx b: connection refused"), of(down));
        // 3. some sessions down: before the failed objects of the others
        assertEquals(new AppStatus("restarting", "Warning", "pbx b: connection refused"), of(rejected, down));
        // 4. failed objects: before CEL and probes
        assertEquals(new AppStatus("", "Warning", "pbx a: registration PJSIP/carrier-reg Rejected"),
                of(List.of(rejected), List.of(celDown("a")), List.of(probeDown("itgrix"))));
        // 5. CEL before probes
        assertEquals(new AppStatus("", "Warning", "pbx d: cel: database down: Connection refused"),
                of(List.of(fine), List.of(celDown("d")), List.of(probeDown("itgrix"))));
        // 6. probes
        assertEquals(new AppStatus("", "Warning", "probe itgrix: connect: refused"),
                of(List.of(fine), List.of(), List.of(probeDown("itgrix"))));
    }

    /** The same rule as /zabbix/summary's failed_objects_cnt: what app_err names is what the summary counts. */
    @Test
    void namesWhatFailedObjectsCounts() {
        PbxSnapshot s = TestSnapshots.pbx("main").collectorFailed("queues", "timeout").registration("r", "Rejected")
                .trunk("PJSIP", "t", EndpointState.DOWN).trunk("PJSIP", "u", EndpointState.UP).build();
        List<FailedObjects.Failure> failed = new ArrayList<>(FailedObjects.of(s));
        assertEquals(3, failed.size());
        assertEquals(FailedObjects.describe(failed, AppStatus.MAX_NAMED), of(s).err());
        assertEquals(1, FailedObjects.of(TestSnapshots.pbx("x").down("").build()).size(), "a PBX down counts once");
        assertEquals("connecting", FailedObjects.of(TestSnapshots.pbx("x").down("").build()).get(0).text());
    }
}
