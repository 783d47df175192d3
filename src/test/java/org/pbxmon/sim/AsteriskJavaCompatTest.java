package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.PJSipShowEndpointsAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.EndpointList;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.PeerStatusEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.Test;

/** The agent connects with asterisk-java's ManagerConnectionImpl: make sure that handshake works. */
class AsteriskJavaCompatTest {

    @Test
    void managerConnectionLogsInListsAndReceivesEvents() throws Exception {
        SimWorld w = SimWorld.lab();
        try (AmiSimulator sim = AmiSimulator.start(w, "monitor", "monitor-secret")) {
            ManagerConnection conn = new ManagerConnectionFactory("127.0.0.1", sim.port(), "monitor",
                    "monitor-secret").createManagerConnection();
            List<ManagerEvent> events = new CopyOnWriteArrayList<>();
            conn.addEventListener(events::add);
            try {
                conn.login();
                assertEquals(1, sim.loggedInSessions());
                ManagerResponse pong = conn.sendAction(new PingAction(), 2000);
                assertEquals("Success", pong.getResponse());

                ResponseEvents eps = conn.sendEventGeneratingAction(new PJSipShowEndpointsAction(), 3000);
                long endpoints = eps.getEvents().stream().filter(e -> e instanceof EndpointList).count();
                assertEquals(4, endpoints);

                SimCall call = w.startCall("103", "102");
                ResponseEvents chans = conn.sendEventGeneratingAction(new CoreShowChannelsAction(), 3000);
                assertTrue(chans.getEvents().size() >= 2);
                ResponseEvents queues = conn.sendEventGeneratingAction(new QueueStatusAction(), 3000);
                assertTrue(queues.getEvents().size() >= 9);
                w.hangup(call, 16);

                w.unregisterEndpoint("102");
                long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(3);
                while (events.stream().noneMatch(e -> e instanceof PeerStatusEvent)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                PeerStatusEvent ps = (PeerStatusEvent) events.stream().filter(e -> e instanceof PeerStatusEvent)
                        .findFirst().orElse(null);
                assertNotNull(ps, "PeerStatus event: " + events);
                assertEquals("PJSIP/102", ps.getPeer());
            } finally {
                conn.logoff();
            }
        }
    }
}
