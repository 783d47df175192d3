package org.pbxmon.source.ami;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The baseline of {@link SyncBench}: the least an AMI client can do. One raw socket, MD5 login, then
 * each action in turn, reading bytes until the reply is over (a plain response, or the message with
 * {@code EventList: Complete}) by a byte scan for blank lines; no parsing into fields, no objects per
 * event.
 */
final class PlainAmiClient implements AutoCloseable {
    private static final byte[] START = bytes("EventList: start\r\n");
    private static final byte[] COMPLETE = bytes("EventList: Complete\r\n");
    private static final int READ = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Bytes of the reply being read, [0, len) (a whole reply: at most a few MB). */
    private byte[] acc = new byte[1 << 20];
    private int len;
    private int seq;
    private long bytesRead;

    PlainAmiClient(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        readLine(); // banner
    }

    void login(String user, String secret) throws IOException {
        call("Challenge", "AuthType: MD5\r\n");
        String ch = replyText();
        int at = ch.indexOf("Challenge: ");
        if (at < 0) {
            throw new IOException("no challenge: " + ch);
        }
        String challenge = ch.substring(at + 11, ch.indexOf('\r', at));
        call("Login", "AuthType: MD5\r\nUsername: " + user + "\r\nKey: " + md5Hex(challenge + secret)
                + "\r\nEvents: off\r\n");
        String r = replyText();
        if (!r.startsWith("Response: Success")) {
            throw new IOException("login failed: " + r);
        }
    }

    /** Sends one action and reads its whole reply; returns the reply's length in bytes. */
    int call(String action, String extraLines) throws IOException {
        String id = "b-" + (++seq);
        out.write(bytes("Action: " + action + "\r\nActionID: " + id + "\r\n" + extraLines + "\r\n"));
        out.flush();
        len = 0;
        int scanFrom = 0;
        int messageStart = 0;
        boolean first = true;
        while (true) {
            ensure(len + READ);
            int n = in.read(acc, len, READ);
            if (n < 0) {
                throw new IOException("EOF in reply to " + action);
            }
            bytesRead += n;
            len += n;
            int end;
            while ((end = blankLine(acc, scanFrom, len)) >= 0) {
                int next = end + 4;
                boolean over = first ? !contains(acc, messageStart, next, START)
                        : contains(acc, messageStart, next, COMPLETE);
                first = false;
                messageStart = next;
                scanFrom = next;
                if (over) {
                    return len;
                }
            }
            scanFrom = Math.max(messageStart, len - 3);
        }
    }

    private void ensure(int capacity) {
        if (capacity > acc.length) {
            acc = Arrays.copyOf(acc, Math.max(capacity, acc.length * 2));
        }
    }

    /** The last reply as text. */
    String replyText() {
        return new String(acc, 0, len, StandardCharsets.ISO_8859_1);
    }

    long bytesRead() {
        return bytesRead;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Index of the next CR LF CR LF in [from, to), or -1. */
    private static int blankLine(byte[] a, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(byte[] a, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String md5Hex(String s) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
