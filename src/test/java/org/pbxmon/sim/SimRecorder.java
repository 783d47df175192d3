package org.pbxmon.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.pbxmon.source.ami.wire.AmiMessage;
import org.pbxmon.testing.AmiFixtures;

/**
 * A lab world on a manual clock with an in-process sink: every emitted event is kept, as text and as
 * the agent's own {@link AmiMessage}; plus look-ups of the real frames of call-flow-events.txt.
 */
final class SimRecorder {
    final SimWorld world;
    final AtomicLong clock = new AtomicLong(1_795_384_833_000L);
    final List<Ev> events = new ArrayList<>();
    private static List<AmiMessage> capture;

    SimRecorder(SimWorld world) {
        this.world = world;
        world.setClock(clock::get);
        world.addSink(events::add);
    }

    static SimRecorder lab() {
        return new SimRecorder(SimWorld.lab());
    }

    void advance(long millis) {
        clock.addAndGet(millis);
    }

    /** Messages emitted since the last call (and forgets them). */
    List<AmiMessage> take() {
        List<AmiMessage> out = new ArrayList<>();
        for (Ev e : events) {
            assertTrue(e.text.endsWith("\r\n\r\n"), e.text);
            assertFalse(e.text.replace("\r\n", "").contains("\n"), "bare LF in " + e.text);
            assertTrue(e.text.startsWith("Event: " + e.name + "\r\nPrivilege: "), e.text);
            out.add(AmiMessage.of(e.text));
        }
        events.clear();
        return out;
    }

    static List<AmiMessage> filter(List<AmiMessage> ms, Predicate<AmiMessage> p) {
        return ms.stream().filter(p).toList();
    }

    static List<AmiMessage> events(List<AmiMessage> ms, String name) {
        return filter(ms, m -> m.isEvent(name));
    }

    static List<AmiMessage> on(List<AmiMessage> ms, String name, String channelPrefix) {
        return filter(ms, m -> m.isEvent(name) && m.get("Channel") != null && m.get("Channel").startsWith(channelPrefix));
    }

    static List<String> names(List<AmiMessage> ms) {
        return ms.stream().map(AmiMessage::event).toList();
    }

    static List<String> keys(AmiMessage m) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.key(i));
        }
        return out;
    }

    /** The {@code Variable: v} VarSet values of a channel, in order. */
    static AmiMessage varSet(List<AmiMessage> ms, String channelPrefix, String variable) {
        List<AmiMessage> l = filter(on(ms, "VarSet", channelPrefix), m -> variable.equals(m.get("Variable")));
        assertEquals(1, l.size(), variable + " on " + channelPrefix);
        return l.get(0);
    }

    // ---- the real capture ------------------------------------------------------------------------

    static synchronized List<AmiMessage> capture() throws IOException {
        assumeTrue(AmiFixtures.present(), "shared/fixtures not found");
        if (capture == null) {
            capture = AmiFixtures.messages("call-flow-events.txt");
        }
        return capture;
    }

    /** The first capture frame matching {@code p}. */
    static AmiMessage captured(Predicate<AmiMessage> p) throws IOException {
        return capture().stream().filter(p).findFirst().orElseThrow();
    }

    static AmiMessage captured(String event) throws IOException {
        return captured(m -> m.isEvent(event));
    }

    static AmiMessage capturedVarSet(String channelPrefix, String variable) throws IOException {
        return captured(m -> m.isEvent("VarSet") && variable.equals(m.get("Variable"))
                && m.get("Channel").startsWith(channelPrefix));
    }

    /** The exact {@code Value:} line (leading blanks kept) of the first VarSet of {@code variable} in raw text. */
    static String rawValueLine(String text, String variable) {
        String marker = "Variable: " + variable + "\r\n";
        int i = text.indexOf(marker);
        assertTrue(i >= 0, variable);
        int from = i + marker.length();
        return text.substring(from, text.indexOf("\r\n", from));
    }

    /** The raw capture (CRLF kept). */
    static String captureText() throws IOException {
        assumeTrue(AmiFixtures.present(), "shared/fixtures not found");
        return java.nio.file.Files.readString(AmiFixtures.labDir().resolve("call-flow-events.txt"));
    }

    /** Raw text of every recorded event so far (not cleared). */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (Ev e : events) {
            sb.append(e.text);
        }
        return sb.toString();
    }

    /** A value's shape: every digit as 9 (the padded {@code %010.6f} fields keep their width). */
    static String shape(String value) {
        return value.replaceAll("[0-9]", "9");
    }
}
