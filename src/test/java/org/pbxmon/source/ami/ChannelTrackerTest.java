package org.pbxmon.source.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pbxmon.model.CallStats;

class ChannelTrackerTest {
    @Test
    void callThroughLocalChannelsCountsOnce() {
        ChannelTracker t = new ChannelTracker();
        // the channels of the "Local/102" call of call-flow-events.txt: one Linkedid
        t.newChannel("1795384833.2", "Local/102@lab-00000001;1", "1795384833.2", 1_000);
        t.newChannel("1795384833.3", "Local/102@lab-00000001;2", "1795384833.2", 1_000);
        t.newChannel("1795384833.4", "PJSIP/102-00000000", "1795384833.2", 1_500);
        t.bridgeEnter("b1", "1795384833.3");
        t.bridgeEnter("b1", "1795384833.4");
        CallStats s = t.stats(11_000, 5_000);
        assertEquals(new CallStats(3, 1, 10.0, 1, 1, 0, 0), s);
        assertEquals(Map.of("PJSIP/102", 1), t.channelsByDevice());
        t.hangup("1795384833.4", 11_500);
        t.hangup("1795384833.3", 11_500);
        assertEquals(0, t.stats(11_000, 5_000).bridges());
        t.hangup("1795384833.2", 11_900);
        assertEquals(new CallStats(0, 0, 0, 0, 0, 1, 11_900), t.stats(12_000, 5_000));
        t.hangup("1795384833.2", 12_000); // a duplicate Hangup changes nothing
        assertEquals(1, t.stats(12_000, 5_000).callsProcessed());
    }

    @Test
    void resyncReplacesAndCountsVanishedCalls() {
        ChannelTracker t = new ChannelTracker();
        t.newChannel("a", "PJSIP/carrier-00000001", "a", 0);
        t.replace(List.of(new ChannelTracker.Row("x", "IAX2/carrier-iax-123", "x", 30, "br"),
                new ChannelTracker.Row("y", "Local/wait@lab-0000000a;1", "x", 20, "br")), 100_000);
        CallStats s = t.stats(100_000, 3_600_000);
        assertEquals(2, s.channels());
        assertEquals(1, s.calls());
        assertEquals(30.0, s.longestCallSeconds());
        assertEquals(1, s.bridges());
        assertEquals(1, s.callsProcessed());
        assertEquals(Map.of("IAX2/carrier-iax", 1), t.channelsByDevice());
    }

    @Test
    void deviceOfChannel() {
        assertEquals("PJSIP/carrier", ChannelTracker.device("PJSIP/carrier-0000001a"));
        assertEquals("IAX2/carrier-iax", ChannelTracker.device("IAX2/carrier-iax-5577"));
        assertEquals(null, ChannelTracker.device("Local/102@lab-00000001;1"));
        assertEquals(null, ChannelTracker.device("garbage"));
    }
}
