package org.pbxmon.source.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pbxmon.testing.ScriptedAmi;

/**
 * Soak peer (not a test): a scripted AMI server answering with the real {@code ami-scale} captures
 * (5,000 endpoints, 200 registrations, 1,000 channels, 50 queues) that replays the real scale event
 * stream to every session at a steady rate. Prints its port, then runs for the given minutes.
 * Usage: {@code SoakAmi <events/s> <minutes>}; used by {@code bench/soak}.
 */
public final class SoakAmi {
    private SoakAmi() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        byte[] stream = IngestBench.events(IngestBench.STREAM);
        List<byte[]> frames = new ArrayList<>();
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        for (String f : text.split("\r\n\r\n")) {
            if (!f.isBlank() && !f.startsWith("Event: FullyBooted")) {
                frames.add((f + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        try (ScriptedAmi ami = SyncBench.scaleServer(false)) {
            System.out.println(ami.port());
            System.out.flush();
            long start = System.nanoTime();
            long end = start + minutes * 60_000_000_000L;
            long sent = 0;
            int i = 0;
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                if (sent >= due) {
                    Thread.sleep(5);
                    continue;
                }
                java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
                while (sent < due) {
                    chunk.writeBytes(frames.get(i));
                    i = (i + 1) % frames.size();
                    sent++;
                }
                ami.push(chunk.toByteArray());
                if (sent % (rate * 60L) < 50) {
                    System.err.printf("sent %,d events%n", sent);
                }
            }
        }
    }
}
