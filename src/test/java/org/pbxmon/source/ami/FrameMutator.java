package org.pbxmon.source.ami;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of real AMI frames, for the fuzz test. Each mutated frame ends with an empty line,
 * so it never swallows the frame after it, and is either rejected by a correct reader (no colon, NUL,
 * bare CR, bad key, too long, too many lines, garbage) or, when it keeps a valid shape, a copy of the
 * original that a correct state applies idempotently (truncated at a line, bare LF, duplicated keys,
 * an extra field with invalid UTF-8).
 */
final class FrameMutator {
    static final String[] KINDS = {"truncated", "no_colon", "huge_value", "megabyte_value", "bad_utf8_key",
        "bad_utf8_value", "nul", "bare_cr", "bare_lf", "duplicate_key", "duplicate_key_other_value", "garbage",
        "too_many_fields"};

    private final Random rnd;
    final int[] counts = new int[KINDS.length];

    FrameMutator(long seed) {
        this.rnd = new Random(seed);
    }

    /** Splits a capture's text into frames (each without its final empty line), skipping the banner. */
    static List<String> frames(String capture) {
        List<String> out = new ArrayList<>();
        for (String f : capture.split("\r\n\r\n")) {
            String t = f.startsWith("Asterisk Call Manager") ? f.substring(f.indexOf("\r\n") + 2) : f;
            if (!t.isBlank()) {
                out.add(t);
            }
        }
        return out;
    }

    byte[] mutate(String frame) {
        List<String> lines = new ArrayList<>(Arrays.asList(frame.split("\r\n")));
        int kind = pick();
        counts[kind]++;
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length() + 64);
        switch (KINDS[kind]) {
            case "truncated" -> write(out, String.join("\r\n", lines.subList(0, 1 + rnd.nextInt(lines.size()))));
            case "no_colon" -> {
                lines.add(1 + rnd.nextInt(lines.size()), "this line has no colon " + rnd.nextInt());
                write(out, String.join("\r\n", lines));
            }
            case "huge_value" -> {
                lines.add(1 + rnd.nextInt(lines.size()), "Huge: " + "x".repeat(70_000 + rnd.nextInt(30_000)));
                write(out, String.join("\r\n", lines));
            }
            case "megabyte_value" -> {
                lines.add(1 + rnd.nextInt(lines.size()), "Huge: " + "y".repeat(1 << 20));
                write(out, String.join("\r\n", lines));
            }
            case "bad_utf8_key" -> {
                write(out, String.join("\r\n", lines) + "\r\n");
                out.write(new byte[] {'K', (byte) 0xff, (byte) 0xc3, ':', ' ', 'v'}, 0, 6);
            }
            case "bad_utf8_value" -> {
                write(out, String.join("\r\n", lines) + "\r\nXFuzz: ");
                out.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xe2, (byte) 0x82}, 0, 6);
            }
            case "nul" -> write(out, insertAt(String.join("\r\n", lines), "\0"));
            case "bare_cr" -> write(out, insertAt(String.join("\r\n", lines), "\r"));
            case "bare_lf" -> write(out, String.join("\n", lines));
            case "duplicate_key" -> {
                int i = rnd.nextInt(lines.size());
                lines.add(i + 1, lines.get(i));
                write(out, String.join("\r\n", lines));
            }
            case "duplicate_key_other_value" -> {
                // the first occurrence of a key wins, so a later one with another value changes nothing
                String line = lines.get(rnd.nextInt(lines.size()));
                int colon = line.indexOf(':');
                lines.add(line.substring(0, Math.max(colon, 0)) + (colon > 0 ? "" : "A") + ": fuzz-" + rnd.nextInt());
                write(out, String.join("\r\n", lines));
            }
            case "garbage" -> {
                byte[] g = new byte[1 + rnd.nextInt(600)];
                rnd.nextBytes(g);
                for (int i = 0; i < g.length; i++) {
                    if (g[i] == '\n' || g[i] == '\r') {
                        g[i] = '#';
                    }
                }
                out.write(g, 0, g.length);
            }
            case "too_many_fields" -> write(out, lines.get(0) + "\r\n" + "K: v\r\n".repeat(1100));
            default -> throw new IllegalStateException();
        }
        write(out, "\r\n\r\n");
        return out.toByteArray();
    }

    /** Mostly cheap kinds; a megabyte value about once in 5,000 frames. */
    private int pick() {
        int r = rnd.nextInt(5000);
        if (r == 0) {
            return 3;
        }
        int k = rnd.nextInt(KINDS.length - 1);
        return k >= 3 ? k + 1 : k;
    }

    /** Inserts s inside a line's content (after the first character of a random line). */
    private String insertAt(String text, String s) {
        int at = 1 + rnd.nextInt(Math.max(1, text.length() - 1));
        while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at - 1) == '\r')) {
            at++;
        }
        return text.substring(0, at) + s + text.substring(at);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
    }
}
