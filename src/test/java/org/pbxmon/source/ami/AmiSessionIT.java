package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.PbxSnapshot;
import org.pbxmon.model.Registration;
import org.pbxmon.model.SnapshotStore;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;
import org.pbxmon.testing.ScriptedAmi;

/** The AMI session against a scripted peer that answers from the real captures: hostile input, bad peers, real replies. */
class AmiSessionIT {
    private static final Duration T = Duration.ofSeconds(20);

    private static ScriptedAmi peer() throws Exception {
        return ScriptedAmi.start(LabAgent.AMI_USER, LabAgent.AMI_SECRET);
    }

    @Test
    void aBridgeEnterWithoutItsBridgeIdEndsNothing() throws Exception {
        try (ScriptedAmi ami = peer(); LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), ""))) {
            Await.until(T, () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
            String bad = "Event: BridgeEnter\r\nPrivilege: call,all\r\nChannel: PJSIP/102-00000001\r\n\r\n";
            for (int i = 0; i < 100; i++) {
                ami.push(bad);
            }
            ami.push("Event: PeerStatus\r\nPrivilege: system,all\r\nChannelType: IAX2\r\nPeer: IAX2/carrier-iax\r\n"
                    + "PeerStatus: Unreachable\r\n\r\n");
            Await.until(T, () -> agent.metric("asterisk_endpoint_up{endpoint=\"carrier-iax\",kind=\"trunk\",pbx=\"lab\",technology=\"IAX2\"}"),
                    0.0, "the event after the bad ones applied");
            assertEquals(1, ami.connectTimes().size(), "one session, never dropped");
            assertEquals(1.0, agent.metric("asterisk_up{pbx=\"lab\"}"));
            assertEquals(0.0, agent.metric("asterisk_ami_reconnects_total{pbx=\"lab\"}"));
        }
    }

    @Test
    void aPeerThatDropsEverySessionIsRetriedWithGrowingJitteredDelays() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.pbxmon");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (ScriptedAmi ami = peer().dropAfterLogin(true);
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), "")
                        .replace("reconnect_backoff_max: 1s", "reconnect_backoff_max: 4s"))) {
            Await.until(Duration.ofSeconds(40), () -> ami.loginTimes().size() >= 6, true, "six logins");
            List<Instant> logins = ami.loginTimes();
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < logins.size(); i++) {
                gaps.add(Duration.between(logins.get(i - 1), logins.get(i)).toMillis());
            }
            // nominal delays 0.5, 1, 2, 4, 4 s, each times [0.8, 1.2): never the 0.5 s loop of a fixed retry
            assertTrue(gaps.get(0) >= 350, "first gap " + gaps);
            assertTrue(gaps.get(3) > gaps.get(0) * 3, "delays grow: " + gaps);
            assertTrue(gaps.get(4) >= 3000, "capped near 4 s: " + gaps);
            assertFalse(gaps.get(3).equals(gaps.get(4)), "jitter: " + gaps);
            assertEquals(0.0, agent.metric("asterisk_up{pbx=\"lab\"}"), "never synced, never up");
            List<String> warnings = List.copyOf(logs.list).stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertTrue(warnings.size() <= 2, "a PBX that drops every session is logged once, not per drop: " + warnings);
        } finally {
            logger.detachAppender(logs);
        }
    }

    /**
     * An outage shorter than the 1 s republish period must still reach the snapshot: the publish check
     * once summed its counters, so "status +1, live 1 -> 0" cancelled out and a session dropped and
     * back within the reconnect delay (about 0.5 s) was never published as down (the panel never
     * showed the PBX reconnecting).
     */
    @Test
    void aShortOutageIsPublishedAsNotLive() throws Exception {
        try (AmiSimulator sim = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET)) {
            var cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("short", sim, "")).pbxes().get(0);
            SnapshotStore store = new SnapshotStore();
            AmiSource source = new AmiSource(cfg, store, Duration.ofMillis(50));
            source.start();
            try {
                for (int outage = 1; outage <= 6; outage++) {
                    Await.until(T, () -> store.get("short").live(), true, "live before outage " + outage);
                    sim.dropConnections();
                    boolean sawDown = false;
                    long end = System.nanoTime() + T.toNanos();
                    while (!sawDown && System.nanoTime() < end) {
                        sawDown = !store.get("short").live();
                        Thread.sleep(2);
                    }
                    assertTrue(sawDown, "outage " + outage + " was published as not live");
                }
            } finally {
                source.close();
            }
        }
    }

    @Test
    void aSlowLoginEndsWithinConnectTimeout() throws Exception {
        try (ScriptedAmi ami = peer().loginDelay(Duration.ofSeconds(30))) {
            var cfg = LabAgent.config("pbx:\n" + LabAgent.pbxYaml("slow", ami.port(), "")).pbxes().get(0);
            AmiConnection c = new AmiConnection("slow", cfg.ami(), new WireStats(() -> { }), new AmiConnection.Listener() {
                @Override
                public void onEvent(org.pbxmon.source.ami.wire.AmiMessage event) {
                }

                @Override
                public void onLost(String why) {
                }
            });
            long t0 = System.nanoTime();
            Exception e = null;
            try {
                c.open();
            } catch (Exception ex) {
                e = ex;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e != null && e.getMessage().contains("no complete answer to Login"), String.valueOf(e));
            assertTrue(ms < 15_000, "connect_timeout 1s bounds connect plus login; took " + ms + " ms (peer waits 30 s)");
        }
    }

    @Test
    void slowActionsFailWithinResponseTimeoutAndTheAgentIsNotUpUntilASyncCompletes() throws Exception {
        try (ScriptedAmi ami = peer().actionDelay(Duration.ofSeconds(30));
                LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), "")
                        .replace("read_timeout: 3s", "read_timeout: 60s"))) {
            Await.until(T, () -> agent.metric("asterisk_ami_connected{pbx=\"lab\"}"), 1.0, "logged in");
            Await.until(T, () -> agent.metric("pbxmon_collector_success{collector=\"core\",pbx=\"lab\"}"), 0.0, "core failed");
            Double secs = agent.metric("pbxmon_collector_duration_seconds{collector=\"core\",pbx=\"lab\"}");
            assertTrue(secs != null && secs < 10, "response_timeout 1s bounds the action: " + secs);
            assertEquals(0.0, agent.metric("asterisk_up{pbx=\"lab\"}"));
            assertNull(agent.metric("asterisk_channels{pbx=\"lab\"}"), "no live state before a sync");
            ami.actionDelay(Duration.ZERO);
            Await.until(Duration.ofSeconds(60), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0,
                    "up once every collector answered (failed ones retried on their own backoff)");
        }
    }

    @Test
    void aFailingCollectorIsRetriedOnItsOwnBackoffNotByAFullResync() throws Exception {
        try (ScriptedAmi ami = peer()) {
            ami.reply("QueueStatus", "Response: Error\r\nActionID: x\r\nMessage: Permission denied\r\n\r\n");
            try (LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), "").replace(
                    "      reconnect_backoff_max: 1s", "      reconnect_backoff_max: 1s\n      resync_interval: 8s"))) {
                // retries 2, 4, 8, 8 s after the first failure (a quarter of resync_interval, doubling)
                Await.until(Duration.ofSeconds(40), () -> count(ami, "QueueStatus") >= 4, true, "four QueueStatus");
                assertEquals(1, count(ami, "PJSIPShowEndpoints"), "the other collectors are not re-run: "
                        + ami.received());
                assertEquals(0.0, agent.metric("asterisk_up{pbx=\"lab\"}"), "no complete sync yet");
                assertEquals(0.0, agent.metric("pbxmon_collector_success{collector=\"queues\",pbx=\"lab\"}"));
                assertEquals(1.0, agent.metric("pbxmon_collector_success{collector=\"channels\",pbx=\"lab\"}"));
                assertTrue(Http.get(agent.port(), "/status?path=app.master.general.app_err", LabAgent.USER, LabAgent.PASSWORD)
                        .body().contains("Permission denied"), "app_err names the failing collector");
                ami.load(org.pbxmon.testing.AmiFixtures.labDir(), "queue-status-idle");
                Await.until(Duration.ofSeconds(30), () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up after the retry");
            }
        }
    }

    private static long count(ScriptedAmi ami, String action) {
        return ami.received().stream().filter(action::equalsIgnoreCase).count();
    }

    @Test
    void iax2RegistrationsAreListedAtSyncAndEveryRegistryStateMovesThem() throws Exception {
        try (ScriptedAmi ami = peer(); LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), ""))) {
            String reg = "{pbx=\"lab\",technology=\"IAX2\",trunk=\"pbx@127.0.0.1:4570\"}";
            Await.until(T, () -> agent.metric("asterisk_trunk_registered" + reg), 1.0, "listed at sync");
            for (String[] step : new String[][] {{"Request Sent", "request_sent"}, {"Timeout", "timeout"},
                    {"Rejected", "rejected"}, {"Unregistered", "unregistered"}, {"Registered", "registered"}}) {
                ami.push("Event: Registry\r\nPrivilege: system,all\r\nChannelType: IAX2\r\nUsername: pbx\r\n"
                        + "Domain: 127.0.0.1:4570\r\nStatus: " + step[0] + "\r\n\r\n");
                String series = "asterisk_trunk_registration_status{pbx=\"lab\",status=\"" + step[1]
                        + "\",technology=\"IAX2\",trunk=\"pbx@127.0.0.1:4570\"}";
                Await.until(T, () -> agent.metric(series), 1.0, step[0]);
                assertEquals(step[1].equals("registered") ? 1.0 : 0.0, agent.metric("asterisk_trunk_registered" + reg));
                var all = agent.metrics();
                assertEquals(1, all.entrySet().stream().filter(e -> e.getKey().startsWith("asterisk_trunk_registration_status")
                        && e.getKey().contains("pbx@127.0.0.1:4570") && e.getValue() == 1.0).count(), "one status at a time");
            }
        }
    }

    @Test
    void rejectedAndUnregisteredAreToldApart() {
        assertEquals("rejected", new Registration("PJSIP", "a", "", "", "Rejected", "").statusLabel());
        assertEquals("unregistered", new Registration("PJSIP", "a", "", "", "Unregistered", "").statusLabel());
        assertEquals("auth_sent", new Registration("IAX2", "a", "", "", "Auth. Sent", "").statusLabel());
        assertEquals("no_authentication", new Registration("IAX2", "a", "", "", "No Authentication", "").statusLabel());
        assertEquals("unknown", new Registration("IAX2", "a", "", "", "Something New", "").statusLabel());
    }

    @Test
    void aQueueWithNoMemberHasZerosAndNobodyAvailable() throws Exception {
        try (ScriptedAmi ami = peer()) {
            ami.reply("QueueStatus", """
                    Response: Success\r
                    ActionID: x\r
                    EventList: start\r
                    Message: Queue status will follow\r
                    \r
                    Event: QueueParams\r
                    Queue: empty\r
                    Max: 0\r
                    Strategy: ringall\r
                    Calls: 1\r
                    ActionID: x\r
                    \r
                    Event: QueueEntry\r
                    Queue: empty\r
                    Position: 1\r
                    Uniqueid: 1795384835.18\r
                    Wait: 6\r
                    ActionID: x\r
                    \r
                    Event: QueueStatusComplete\r
                    ActionID: x\r
                    EventList: Complete\r
                    ListItems: 2\r
                    \r
                    """);
            try (LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), ""))) {
                Await.until(T, () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
                assertEquals(1.0, agent.metric("asterisk_queue_callers{pbx=\"lab\",queue=\"empty\"}"));
                assertEquals(0.0, agent.metric("asterisk_queue_members_available{pbx=\"lab\",queue=\"empty\"}"));
                List<String> members = agent.seriesStartingWith("asterisk_queue_members{pbx=\"lab\",queue=\"empty\"");
                assertEquals(10, members.size(), members.toString());
                for (String s : members) {
                    assertEquals(0.0, agent.metric(s), s);
                }
            }
        }
    }

    @Test
    void whileAmiIsDownLiveStateIsAbsentNotZero() throws Exception {
        ScriptedAmi ami = peer();
        try (LabAgent agent = LabAgent.start(LabAgent.pbxYaml("lab", ami.port(), ""))) {
            Await.until(T, () -> agent.metric("asterisk_up{pbx=\"lab\"}"), 1.0, "up");
            assertEquals(0.0, agent.metric("asterisk_channels{pbx=\"lab\"}"));
            assertFalse(agent.seriesStartingWith("asterisk_endpoint_up{").isEmpty());
            ami.close();
            Await.until(T, () -> agent.metric("asterisk_ami_connected{pbx=\"lab\"}"), 0.0, "down");
            assertEquals(0.0, agent.metric("asterisk_up{pbx=\"lab\"}"));
            for (String live : List.of("asterisk_channels", "asterisk_calls_active", "asterisk_calls_stuck",
                    "asterisk_call_longest_duration_seconds", "asterisk_bridges", "asterisk_endpoint", "asterisk_trunk",
                    "asterisk_queue", "asterisk_core_uptime_seconds")) {
                assertTrue(agent.seriesStartingWith(live).isEmpty(), live + " while AMI is down: "
                        + agent.seriesStartingWith(live));
            }
            assertTrue(agent.metric("asterisk_ami_events_total{pbx=\"lab\"}") != null, "session counters stay");
        } finally {
            ami.close();
        }
    }

    @Test
    void aSnapshotThatIsNotLiveSaysSo() {
        PbxSnapshot s = PbxSnapshot.initial("x", "u@h:1");
        assertFalse(s.live());
    }
}
