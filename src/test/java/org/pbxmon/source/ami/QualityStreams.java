package org.pbxmon.source.ami;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The streams of {@link QualityIngestBench}: the real scale stream with the real RTCP frames of a
 * trunk leg mixed in, the legs' set-up, and the untracked twin of the same length.
 */
final class QualityStreams {
    static final Path CALL_FLOW = Path.of("..", "shared", "fixtures", "ami", "call-flow-events.txt");
    /** The scale stream's own rate when it was recorded (AMI-NOTES.md: 20 calls/s of short calls). */
    static final double RECORDED_EVENTS_PER_SECOND = 729;
    static final String TEMPLATE_CHANNEL = "PJSIP/carrier-00000001";

    private QualityStreams() {
    }

    /** The real Newchannel, Newstate, RTCPSent and RTCPReceived frames of the trunk leg, with their blank line. */
    static Map<String, String> templates(byte[] capture) {
        String all = new String(capture, StandardCharsets.ISO_8859_1);
        Map<String, String> out = new LinkedHashMap<>();
        for (String frame : all.split("\r\n\r\n")) {
            if (!frame.contains("\r\nChannel: " + TEMPLATE_CHANNEL + "\r\n")) {
                continue;
            }
            for (String ev : List.of("Newchannel", "Newstate", "RTCPSent", "RTCPReceived")) {
                if (frame.startsWith("Event: " + ev + "\r\n") && !out.containsKey(ev)) {
                    out.put(ev, frame + "\r\n\r\n");
                }
            }
        }
        if (out.size() != 4) {
            throw new IllegalStateException("capture lacks frames of " + TEMPLATE_CHANNEL + ": found " + out.keySet());
        }
        if (!out.get("Newstate").contains("\r\nChannelState: 6\r\n")) {
            throw new IllegalStateException("first Newstate of the trunk leg is not Up");
        }
        return out;
    }

    /** The frame with the values of the named headers replaced (headers absent are left out). */
    static String with(String frame, Map<String, String> values) {
        String[] lines = frame.split("\r\n", -1);
        StringBuilder b = new StringBuilder(frame.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(": ");
            if (colon > 0 && values.containsKey(line.substring(0, colon))) {
                line = line.substring(0, colon + 2) + values.get(line.substring(0, colon));
            }
            b.append(line);
            if (i < lines.length - 1) {
                b.append("\r\n");
            }
        }
        return b.toString();
    }

    static String channel(int call) {
        return String.format(Locale.ROOT, "PJSIP/carrier-%08x", 0x1000 + call);
    }

    static String uniqueId(int call) {
        return "1795500000." + call; // the scale stream's ids are 1795433190.1000..1795433220.2199
    }

    static Map<String, String> ids(int call) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Channel", channel(call));
        m.put("Uniqueid", uniqueId(call));
        m.put("Linkedid", uniqueId(call));
        return m;
    }

    /** Newchannel then Newstate Up for each call's trunk leg. */
    static byte[] preamble(Map<String, String> real, int calls) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < calls; c++) {
            b.append(with(real.get("Newchannel"), ids(c)));
        }
        for (int c = 0; c < calls; c++) {
            b.append(with(real.get("Newstate"), ids(c)));
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Report {@code r}: call {@code r % calls}, round {@code r / calls}; even rounds RTCPSent, odd RTCPReceived. */
    static String report(Map<String, String> real, int calls, long r) {
        int call = (int) (r % calls);
        long round = r / calls;
        Map<String, String> v = ids(call);
        if (round % 2 == 0) {
            int mes = 60 + (int) ((call * 7L + round) % 40); // 60.x..99.x: some calls under the poor-MES line
            v.put("MES", mes + "." + (call % 10));
            v.put("Report0IAJitter", Integer.toString(1 + call % 9));
            return with(real.get("RTCPSent"), v);
        }
        return with(real.get("RTCPReceived"), v);
    }

    /**
     * The scale stream with {@code calls * perCallPerSecond / 729} RTCP frames mixed in per scale
     * event: after scale frame {@code i}, reports up to {@code floor((i + 1) * ratio)} in all.
     */
    static byte[] mix(byte[] scale, Map<String, String> real, int calls, double perCallPerSecond) {
        double ratio = calls * perCallPerSecond / RECORDED_EVENTS_PER_SECOND;
        ByteArrayOutputStream out = new ByteArrayOutputStream(scale.length * 3);
        long reports = 0;
        int start = 0;
        long i = 0;
        while (start < scale.length) {
            int end = indexOf(scale, start);
            end = end < 0 ? scale.length : end + 4;
            out.write(scale, start, end - start);
            start = end;
            i++;
            long due = (long) Math.floor(i * ratio);
            while (reports < due) {
                out.writeBytes(report(real, calls, reports).getBytes(StandardCharsets.ISO_8859_1));
                reports++;
            }
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The scale stream without its first event, the {@code FullyBooted} that Asterisk greeted the
     * recording session with. Replayed in a live session, every copy of it makes AmiSource resync, and
     * the simulator's CoreShowChannels, which knows nothing of the trunk legs, would end them all.
     */
    static byte[] withoutGreeting(byte[] stream) {
        String head = new String(stream, 0, Math.min(stream.length, 64), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("Event: FullyBooted\r\n")) {
            throw new IllegalStateException("the scale stream no longer starts with FullyBooted");
        }
        int end = indexOf(stream, 0) + 4;
        return java.util.Arrays.copyOfRange(stream, end, stream.length);
    }

    /** The same bytes with the RTCP events renamed to untracked names of the same length. */
    static byte[] untrack(byte[] mixed) {
        String s = new String(mixed, StandardCharsets.ISO_8859_1);
        s = s.replace("Event: RTCPSent\r\n", "Event: RTCPSenx\r\n")
                .replace("Event: RTCPReceived\r\n", "Event: RTCPReceivex\r\n");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
