package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pbxmon.config.QualityConfig;
import org.pbxmon.model.CallQuality;
import org.pbxmon.model.CallSeries;
import org.pbxmon.model.QueueService;
import org.pbxmon.model.TrunkQuality;
import org.pbxmon.source.ami.wire.AmiMessage;

/** Call quality, KPIs and queue service from scripted events in the capture's field names. */
class CallQualityScriptTest {
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    private PbxState state = new PbxState(QualityConfig.DEFAULTS, "monitor");
    private AmiEventReducer reducer = new AmiEventReducer(state, clock::get);
    private int seq;

    private void use(QualityConfig cfg) {
        state = new PbxState(cfg, "monitor");
        reducer = new AmiEventReducer(state, clock::get);
    }

    private void ev(String... lines) {
        AmiMessage m = AmiMessage.of(String.join("\r\n", lines) + "\r\n\r\n");
        assertTrue(m.isEvent(), String.join("|", lines));
        if (AmiEventReducer.tracked(m)) {
            reducer.apply(m);
        }
    }

    private String newChannel(String channel, String linked, String context, String account) {
        String id = "1800000000." + (++seq);
        ev("Event: Newchannel", "Privilege: call,all", "Channel: " + channel, "ChannelState: 0",
                "ChannelStateDesc: Down", "AccountCode: " + account, "Context: " + context, "Exten: s",
                "Uniqueid: " + id, "Linkedid: " + (linked == null ? id : linked));
        return id;
    }

    private void dial(String caller, String dest, String status) {
        ev("Event: DialBegin", "Privilege: call,all", "Uniqueid: " + caller, "DestUniqueid: " + dest, "DialString: x");
        if (status != null) {
            ev("Event: DialEnd", "Privilege: call,all", "Uniqueid: " + caller, "DestUniqueid: " + dest,
                    "DialStatus: " + status);
        }
    }

    private void up(String id) {
        ev("Event: Newstate", "Privilege: call,all", "ChannelState: 6", "ChannelStateDesc: Up", "Uniqueid: " + id);
    }

    private void hangup(String id, int cause) {
        ev("Event: Hangup", "Privilege: call,all", "Uniqueid: " + id, "Cause: " + cause, "Cause-txt: x");
    }

    private void qos(String id, double rxMes, double rxJitter, int lost, int rxCount, double rtt) {
        ev("Event: VarSet", "Privilege: dialplan,all", "Uniqueid: " + id, "Variable: RTPAUDIOQOS",
                String.format(java.util.Locale.ROOT, "Value: ssrc=1;themssrc=2;lp=%d;rxjitter=0.004000;rxcount=%d;"
                        + "txjitter=%.6f;txcount=%d;rlp=0;rtt=%.6f;rxmes=90.000000;txmes=%.6f", lost, rxCount, rxJitter,
                        rxCount, rtt, rxMes));
    }

    private void rtcpSent(String id, double mes) {
        ev("Event: RTCPSent", "Privilege: reporting,all", "Channel: PJSIP/x-1", "Uniqueid: " + id, "Linkedid: " + id,
                "MES: " + mes, "SSRC: 0x42ca3cf2", "PT: 201(RR)", "ReportCount: 1", "Report0SourceSSRC: 0x473b9ca2",
                "Report0FractionLost: 0", "Report0CumulativeLost: 0", "Report0HighestSequence: 11603",
                "Report0SequenceNumberCycles: 0", "Report0IAJitter: 16", "Report0LSR: 0", "Report0DLSR: 0.0000");
    }

    private CallQuality snap() {
        return state.calls.snapshot(clock.get(), state::trunkOf, List.of());
    }

    private static CallSeries series(CallQuality q, String trunk, String direction) {
        return q.series().stream().filter(s -> s.key().trunk().equals(trunk) && s.key().direction().equals(direction))
                .findFirst().orElseThrow(() -> new AssertionError(trunk + "/" + direction + " in " + q.series()));
    }

    /** An inbound trunk call answered by 101, then attended-transferred to 102: the trunk leg stays inbound. */
    @Test
    void inboundOutboundLocalChannelsAndATransfer() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        String in = newChannel("PJSIP/carrier-00000001", null, "from-carrier", "");
        String local1 = newChannel("Local/101@lab-00000001;1", in, "lab", "");
        String local2 = newChannel("Local/101@lab-00000001;2", in, "lab", "");
        dial(in, local1, null);
        String ext = newChannel("PJSIP/101-00000002", in, "lab", "");
        dial(local2, ext, "ANSWER");
        up(in);
        clock.addAndGet(30_000);
        // 101 consults 102 and transfers: a new call, then AttendedTransfer moves the trunk leg to 102
        String consult = newChannel("PJSIP/101-00000003", null, "lab", "");
        up(consult);
        String ext2 = newChannel("PJSIP/102-00000004", consult, "lab", "");
        dial(consult, ext2, "ANSWER");
        ev("Event: AttendedTransfer", "Privilege: call,all", "Result: Success", "OrigTransfererUniqueid: " + ext,
                "SecondTransfererUniqueid: " + consult, "TransfereeUniqueid: " + in, "TransferTargetUniqueid: " + ext2);
        hangup(ext, 16);
        hangup(consult, 16);
        hangup(local2, 16);
        hangup(local1, 16);
        clock.addAndGet(60_000);
        hangup(in, 16);
        hangup(ext2, 16);
        // an outbound call through the trunk from extension 103
        String out = newChannel("PJSIP/103-00000005", null, "lab", "");
        String trunkOut = newChannel("PJSIP/carrier-00000006", out, "from-carrier", "");
        dial(out, trunkOut, "BUSY");
        hangup(trunkOut, 17);
        hangup(out, 17);

        CallQuality q = snap();
        CallSeries inbound = series(q, "carrier", "inbound");
        assertEquals(1L, inbound.attempts().get("answered"));
        assertEquals(1, inbound.duration().count());
        assertEquals(90.0, inbound.duration().sum(), 0.001, "answer to hangup, across the transfer");
        CallSeries outbound = series(q, "carrier", "outbound");
        assertEquals(1L, outbound.attempts().get("busy"));
        assertEquals(1L, outbound.causes().get("user_busy"));
        assertEquals(0, outbound.duration().count());
        assertEquals(2L, series(q, "", "outbound").attempts().get("answered"), "101 and the consult target 102");
        assertEquals(1L, series(q, "", "inbound").attempts().get("answered"), "101's consult call");
        assertTrue(q.series().stream().noneMatch(s -> s.key().trunk().startsWith("Local")));
    }

    @Test
    void everyDispositionAndItsCause() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        Object[][] cases = {
            {"ANSWER", 16, "answered", "normal_clearing"},
            {"BUSY", 17, "busy", "user_busy"},
            {"NOANSWER", 19, "no_answer", "no_answer"},
            {"CONGESTION", 34, "congestion", "no_circuit_available"},
            {"CHANUNAVAIL", 27, "failed", "destination_out_of_order"},
            {"CANCEL", 16, "cancelled", "normal_clearing"},
            {"CHANUNAVAIL", 21, "rejected", "call_rejected"},
            {"CONGESTION", 999, "congestion", "other"},
        };
        for (Object[] c : cases) {
            String caller = newChannel("PJSIP/103-0000000" + seq, null, "lab", "");
            String leg = newChannel("PJSIP/carrier-0000000" + seq, caller, "from-carrier", "");
            dial(caller, leg, (String) c[0]);
            hangup(leg, (Integer) c[1]);
            hangup(caller, 16);
        }
        CallSeries s = series(snap(), "carrier", "outbound");
        for (Object[] c : cases) {
            assertTrue(s.attempts().get((String) c[2]) >= 1, c[2] + " in " + s.attempts());
            assertTrue(s.causes().getOrDefault((String) c[3], 0L) >= 1, c[3] + " in " + s.causes());
        }
        assertEquals(cases.length, s.attempts().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(7, s.attempts().size(), "every disposition is present, zeros included");
    }

    @Test
    void exactBucketCountsAfterScriptedCalls() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        double[] mes = {95, 88.1, 72, 55, 30};
        double[] jitter = {0.0005, 0.004, 0.015, 0.045, 0.3};
        int[] lost = {0, 1, 20, 60, 300};
        for (int i = 0; i < mes.length; i++) {
            String leg = newChannel("PJSIP/carrier-0000010" + i, null, "from-carrier", "");
            up(leg);
            clock.addAndGet(new long[] {3_000, 45_000, 200_000, 700_000, 4_000_000}[i]);
            qos(leg, mes[i], jitter[i], lost[i], 1000 - lost[i], 0.020 * (i + 1));
            hangup(leg, 16);
        }
        CallSeries s = series(snap(), "carrier", "inbound");
        // MES bounds 20 40 50 60 70 75 80 85 90 95 100 +Inf
        assertArrayEquals(new long[] {0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0}, s.mesRx().counts());
        // jitter bounds .001 .0025 .005 .01 .02 .03 .05 .1 .2 +Inf
        assertArrayEquals(new long[] {1, 0, 1, 0, 1, 0, 1, 0, 0, 1}, s.jitterRx().counts());
        // loss bounds .0001 .001 .005 .01 .02 .03 .05 .1 .2 .5 +Inf: 0, 0.001, 0.02, 0.06, 0.3
        assertArrayEquals(new long[] {1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0}, s.lossRx().counts());
        // RTT bounds .01 .025 .05 .1 .15 .2 .3 .4 .6 1 +Inf: .02 .04 .06 .08 .10
        assertArrayEquals(new long[] {0, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0}, s.rtt().counts());
        // talk bounds 5 10 30 60 120 180 300 600 1200 1800 3600 +Inf: 3 45 200 700 4000
        assertArrayEquals(new long[] {1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1}, s.duration().counts());
        assertEquals(5, s.mesTx().count(), "the far end reported (rxmes=90) and packets were sent");
        assertEquals(5, s.mesRx().exemplars().size(), "one exemplar per used bucket");
    }

    @Test
    void aCallWithoutAnyRtcpIsMissingAndTheHintNamesManagerConf() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        String leg = newChannel("PJSIP/carrier-00000001", null, "from-carrier", "");
        up(leg);
        clock.addAndGet(20_000);
        CallQuality during = snap();
        assertNotNull(during.permissionHint(), "a call up 20 s with no RTCP at all");
        assertTrue(during.permissionHint().contains("reporting") && during.permissionHint().contains("[monitor]"),
                during.permissionHint());
        hangup(leg, 16);
        CallSeries s = series(snap(), "carrier", "inbound");
        assertEquals(1, s.qualityMissing());
        assertEquals(0, s.mesRx().count());
        rtcpSent(newChannel("PJSIP/carrier-00000002", null, "from-carrier", ""), 90);
        qos("nobody", 90, 0.001, 0, 10, 0.01);
        assertNull(snap().permissionHint(), "once both kinds arrive, the hint goes");
    }

    @Test
    void liveMesAndPoorCallsFollowTheReports() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        String a = newChannel("PJSIP/carrier-00000001", null, "from-carrier", "");
        String b = newChannel("PJSIP/carrier-00000002", null, "from-carrier", "");
        up(a);
        up(b);
        TrunkQuality t = snap().trunks().get(0);
        assertNull(t.mes(), "no report yet: unknown");
        assertEquals(2, t.activeLegs());
        rtcpSent(a, 90);
        rtcpSent(b, 60);
        t = snap().trunks().get(0);
        assertEquals(75.0, t.mes(), 1e-9);
        assertEquals(1, t.poorCalls());
        rtcpSent(b, 80);
        t = snap().trunks().get(0);
        assertEquals(85.0, t.mes(), 1e-9);
        assertEquals(0, t.poorCalls());
        hangup(a, 16);
        hangup(b, 16);
        CallQuality ended = snap();
        t = ended.trunks().get(0);
        assertNull(t.mes());
        assertEquals(2, t.last5m().attempts());
        CallSeries s = series(ended, "carrier", "inbound");
        assertEquals(2, s.mesRx().count(), "no RTPAUDIOQOS: scored from the last RTCPSent of each call");
        assertEquals(90 + 80, s.mesRx().sum(), 1e-9);
        assertEquals(2, s.jitterRx().count(), "IAJitter 16 at 8 kHz");
        assertEquals(2 * 0.002, s.jitterRx().sum(), 1e-12);
        assertEquals(0, s.mesTx().count(), "no far-end report: the sent stream is not scored");
        assertEquals(0, s.qualityMissing());
        assertEquals(1.0, t.last5m().asr(), 1e-9);
    }

    @Test
    void serviceLevelOverTheSlidingWindow() {
        use(new QualityConfig(70, List.of(Duration.ofSeconds(20), Duration.ofSeconds(60)), Duration.ofMinutes(10),
                List.of(), 20));
        String[] ids = new String[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = newChannel("Local/600@lab-0000000" + i + ";2", null, "lab", "");
            ev("Event: QueueCallerJoin", "Privilege: agent,all", "Uniqueid: " + ids[i], "Queue: support", "Position: 1");
        }
        int[] holds = {5, 15, 25, 70};
        for (int i = 0; i < holds.length; i++) {
            ev("Event: QueueCallerLeave", "Privilege: agent,all", "Uniqueid: " + ids[i], "Queue: support");
            ev("Event: AgentConnect", "Privilege: agent,all", "Uniqueid: " + ids[i], "Linkedid: " + ids[i],
                    "Queue: support", "HoldTime: " + holds[i], "RingTime: 2");
        }
        ev("Event: QueueCallerAbandon", "Privilege: agent,all", "Uniqueid: " + ids[4], "Queue: support",
                "Position: 1", "OriginalPosition: 1", "HoldTime: 40");
        ev("Event: QueueCallerLeave", "Privilege: agent,all", "Uniqueid: " + ids[4], "Queue: support");
        ev("Event: QueueCallerLeave", "Privilege: agent,all", "Uniqueid: " + ids[5], "Queue: support");
        clock.addAndGet(3_000); // no AgentConnect for the last: it left unanswered
        QueueService q = state.calls.snapshot(clock.get(), state::trunkOf, List.of("support")).queues().get(0);
        assertEquals(Map.of("answered", 4L, "abandoned", 1L, "timeout", 1L, "transferred", 0L), q.outcomes());
        assertEquals(2 / 6.0, q.serviceLevel().get("20"), 1e-9);
        assertEquals(3 / 6.0, q.serviceLevel().get("60"), 1e-9);
        assertEquals(6, q.windowOffered());
        assertEquals(40.0, q.abandonWait().sum(), 0);
        assertEquals(115.0, q.answerWait().sum(), 0);
        clock.addAndGet(11 * 60_000L);
        q = state.calls.snapshot(clock.get(), state::trunkOf, List.of("support")).queues().get(0);
        assertTrue(q.serviceLevel().isEmpty(), "the window slid past every caller: unknown, not 0");
        assertEquals(4L, q.outcomes().get("answered"), "counters keep counting");
    }

    @Test
    void tenantsAreBoundedByTheLimit() {
        List<QualityConfig.TenantRule> rules = List.of(
                new QualityConfig.TenantRule("acme", "acme-", null, null, null),
                new QualityConfig.TenantRule("globex", null, "globex", null, null),
                new QualityConfig.TenantRule("initech", null, null, Pattern.compile("^PJSIP/ini"), null));
        use(new QualityConfig(70, List.of(Duration.ofSeconds(20)), Duration.ofHours(1), rules, 2));
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        hangup(newChannel("PJSIP/carrier-1", null, "acme-in", ""), 16);
        hangup(newChannel("PJSIP/carrier-2", null, "lab", "globex"), 16);
        hangup(newChannel("PJSIP/ini-100-3", null, "lab", ""), 16);
        hangup(newChannel("PJSIP/carrier-4", null, "lab", ""), 16);
        CallQuality q = snap();
        Set<String> tenants = q.series().stream().map(s -> s.key().tenant()).collect(Collectors.toSet());
        assertEquals(Set.of("acme", "globex", "other", "none"), tenants);
        assertEquals(1, q.tenantsOverflowed());
    }

    @Test
    void fiveThousandExtensionsStayOneLabelSet() {
        state.trunkDevices(Map.of("PJSIP/carrier", "carrier"));
        for (int i = 0; i < 5000; i++) {
            String caller = newChannel("PJSIP/" + (10000 + i) + "-0000" + i, null, "lab", "");
            String callee = newChannel("PJSIP/" + (15000 + i) + "-0001" + i, caller, "lab", "");
            dial(caller, callee, i % 2 == 0 ? "ANSWER" : "NOANSWER");
            hangup(callee, 16);
            hangup(caller, 16);
        }
        CallQuality q = snap();
        assertEquals(2, q.series().size(), "extension inbound and outbound, nothing per extension: " + q.series().size());
        assertEquals(0, state.calls.legCount(), "every leg ended and was forgotten");
    }
}
