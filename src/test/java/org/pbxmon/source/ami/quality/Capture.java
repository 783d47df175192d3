package org.pbxmon.source.ami.quality;

import java.util.List;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.testing.AmiFixtures;

/** The real {@code call-flow-events.txt}, framed by the production {@link FrameReader}. */
final class Capture {
    private static List<AmiMessage> callFlow;

    private Capture() {
    }

    static synchronized List<AmiMessage> callFlow() throws Exception {
        if (callFlow == null) {
            callFlow = List.copyOf(AmiFixtures.messages("call-flow-events.txt"));
        }
        return callFlow;
    }

    /** Events named {@code event}, in capture order. */
    static List<AmiMessage> events(String event) throws Exception {
        return callFlow().stream().filter(m -> m.isEvent(event)).toList();
    }

    /** The value of the VarSet of {@code variable} on {@code channel}. */
    static String varSet(String channel, String variable) throws Exception {
        return events("VarSet").stream()
                .filter(m -> channel.equals(m.get("Channel")) && variable.equals(m.get("Variable")))
                .map(m -> m.get("Value"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no VarSet " + variable + " on " + channel));
    }
}
