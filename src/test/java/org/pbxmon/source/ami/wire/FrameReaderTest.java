package org.pbxmon.source.ami.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The frame reader on literal transcripts: real captures, and every way a frame can be malformed. */
class FrameReaderTest {
    static final Path FIXTURES = Path.of("..", "shared", "fixtures");

    /** What a reader found, in order: messages as text, malformed reasons as "!reason". */
    static final class Found implements FrameReader.Sink {
        final List<String> out = new ArrayList<>();
        final List<AmiMessage> messages = new ArrayList<>();
        String banner;

        @Override
        public void message(AmiMessage m) {
            messages.add(m.copy());
            out.add(m.toString());
        }

        @Override
        public void malformed(Malformed reason) {
            out.add("!" + reason.label());
        }

        @Override
        public void banner(String b) {
            banner = b;
        }
    }

    static Found read(byte[] bytes, int chunk, boolean banner) {
        Found f = new Found();
        FrameReader r = new FrameReader(FrameReader.Limits.DEFAULT, banner, f);
        for (int i = 0; i < bytes.length; i += chunk) {
            r.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return f;
    }

    static Found read(String text) {
        return read(text.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE, false);
    }

    static byte[] fixture(String name) throws IOException {
        Path p = FIXTURES.resolve(name);
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(p);
    }

    @Test
    void aRealSessionSplitsIntoItsMessages() throws IOException {
        byte[] bytes = fixture("ami/pjsip-show-contacts.txt");
        Found f = read(bytes, Integer.MAX_VALUE, true);
        assertEquals("Asterisk Call Manager/11.0.0", f.banner);
        // login reply, list start, ContactList, ContactListComplete, Goodbye
        assertEquals(5, f.messages.size(), f.out.toString());
        AmiMessage contact = f.messages.get(2);
        assertTrue(contact.isEvent("ContactList"));
        assertEquals("sip:102@127.0.0.1:5070", contact.get("uri"));
        assertEquals("Reachable", contact.get("Status"));
        assertEquals("", contact.get("RegServer"));
        assertEquals("pjsip-show-contacts-2", contact.actionId());
        assertEquals("Complete", f.messages.get(3).get("EventList"));
        assertEquals("Goodbye", f.messages.get(4).response());
    }

    @Test
    void chunkingNeverChangesTheResult() throws IOException {
        byte[] bytes = fixture("ami/call-flow-events.txt");
        List<String> whole = read(bytes, Integer.MAX_VALUE, true).out;
        assertTrue(whole.size() > 800, "messages: " + whole.size());
        assertTrue(whole.stream().noneMatch(s -> s.startsWith("!")), "no malformed frame in a real capture");
        for (int chunk : new int[] {1, 2, 7, 389, 4096}) {
            assertEquals(whole, read(bytes, chunk, true).out, "chunk " + chunk);
        }
    }

    @Test
    void theScaleCapturesParseWhole() throws IOException {
        Found f = read(fixture("ami-scale/scale-pjsip-show-endpoints.txt.gz"), 65536, true);
        assertEquals(5000, f.messages.stream().filter(m -> m.isEvent("EndpointList")).count());
        assertTrue(f.out.stream().noneMatch(s -> s.startsWith("!")));
    }

    @Test
    void bareLfEndsLinesToo() {
        Found f = read("Event: Hangup\nUniqueid: 1.2\n\n");
        assertEquals(List.of("Event: Hangup\nUniqueid: 1.2\n"), f.out);
    }

    @Test
    void keysMatchWithoutCaseAndTheFirstOfADuplicateWins() {
        AmiMessage m = AmiMessage.of("Event: BridgeEnter\r\nUniqueID: a\r\nUniqueid: b\r\nBridgeUniqueid:  x1 \r\n");
        assertEquals("a", m.get("uniqueid"));
        assertEquals("x1", m.get("BridgeUniqueid"));
        assertNull(m.get("Linkedid"));
        assertTrue(m.isEvent("bridgeenter"));
    }

    @Test
    void badUtf8InAValueIsReplacedNotFatal() {
        byte[] b = "Event: Newchannel\r\nCallerIDName: \u00ff\u00fe\r\nUniqueid: 1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Found f = read(b, 3, false);
        assertEquals(1, f.messages.size());
        assertEquals("\ufffd\ufffd", f.messages.get(0).get("CallerIDName"));
        assertEquals("1.1", f.messages.get(0).get("Uniqueid"));
    }

    @Test
    void eachMalformedFrameIsReportedOnceAndItsNeighboursSurvive() {
        String ok1 = "Event: Hangup\r\nUniqueid: 1\r\n\r\n";
        String ok2 = "Event: Hangup\r\nUniqueid: 2\r\n\r\n";
        String[][] cases = {
            {"Event: X\r\nthis line has no colon\r\nA: b\r\n\r\n", "no_colon"},
            {"Event: X\r\nA: b\0c\r\n\r\n", "nul_byte"},
            {"Event: X\r\nA: b\rc\r\n\r\n", "bare_cr"},
            {"Event: X\r\n\u00ffKey: v\r\n\r\n", "bad_key"},
            {"Event: X\r\n: v\r\n\r\n", "bad_key"},
            {"Foo: bar\r\nEvent: X\r\n\r\n", "not_a_message"},
            {"Event: X\r\n" + "K: v\r\n".repeat(1100) + "\r\n", "too_many_fields"},
        };
        for (String[] c : cases) {
            Found f = read(ok1 + c[0] + ok2);
            assertEquals(List.of("Event: Hangup\nUniqueid: 1\n", "!" + c[1], "Event: Hangup\nUniqueid: 2\n"), f.out, c[1]);
        }
    }

    @Test
    void aHugeValueIsCutNotBuffered() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'a');
        String head = "Event: Hangup\r\nUniqueid: 1\r\n\r\nEvent: X\r\nHuge: ";
        String tail = "\r\nMore: x\r\n\r\nEvent: Hangup\r\nUniqueid: 2\r\n\r\n";
        byte[] all = concat(head.getBytes(StandardCharsets.US_ASCII), big, tail.getBytes(StandardCharsets.US_ASCII));
        Found f = read(all, 8192, false);
        assertEquals(List.of("Event: Hangup\nUniqueid: 1\n", "!line_too_long", "Event: Hangup\nUniqueid: 2\n"), f.out);
    }

    @Test
    void aFrameWithNoEndIsCutAtTheLimitAndCountedOnce() {
        String line = "K: " + "v".repeat(1000) + "\r\n";
        String endless = "Event: X\r\n" + line.repeat(300); // 300 KB, over the 256 KB frame limit
        Found f = read("Event: Hangup\r\nUniqueid: 1\r\n\r\n" + endless + "\r\nEvent: Hangup\r\nUniqueid: 2\r\n\r\n");
        assertEquals(List.of("Event: Hangup\nUniqueid: 1\n", "!frame_too_large", "Event: Hangup\nUniqueid: 2\n"), f.out);
    }

    @Test
    void extraBlankLinesAreNothing() {
        assertEquals(List.of("Event: A\n"), read("\r\n\r\nEvent: A\r\n\r\n\r\n\n").out);
    }

    @Test
    void passwordsNeverAppearInToString() {
        AmiMessage m = AmiMessage.of("Event: AuthDetail\r\nUsername: u\r\nPassword: hunter2\r\n");
        assertTrue(!m.toString().contains("hunter2"));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
