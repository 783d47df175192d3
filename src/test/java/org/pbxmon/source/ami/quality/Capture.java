package org.pbxmon.source.ami.quality;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.source.ami.wire.FrameReader;
import org.pbxmon.source.ami.wire.Malformed;
import org.pbxmon.testing.AmiFixtures;

/** The real {@code call-flow-events.txt}, framed by the production {@link FrameReader}. */
final class Capture {
    private static List<AmiMessage> callFlow;

    private Capture() {
    }

    static synchronized List<AmiMessage> callFlow() throws Exception {
        if (callFlow == null) {
            byte[] bytes = Files.readAllBytes(AmiFixtures.labDir().resolve("call-flow-events.txt"));
            List<AmiMessage> out = new ArrayList<>();
            new FrameReader(FrameReader.Limits.DEFAULT, true, new FrameReader.Sink() {
                @Override
                public void message(AmiMessage m) {
                    out.add(m.copy());
                }

                @Override
                public void malformed(Malformed reason) {
                    throw new AssertionError(reason);
                }
            }).feed(bytes, 0, bytes.length);
            callFlow = List.copyOf(out);
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
