package org.pbxmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket Server-Sent Events client for /panel/events: sends the request, checks the status, and
 * reads events on its own thread into a queue, each stamped with its arrival time.
 */
final class SseClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One event: type, parsed data (null for a comment), arrival in epoch ms. */
    record Event(String type, JsonNode data, long arrivedMs) {
    }

    final Socket socket;
    final int status;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean ended;
    private final BufferedReader in;

    /** Connects; with {@code receiveBuffer > 0} the socket's receive buffer is that small (a stalled viewer). */
    SseClient(int port, String user, String password, int receiveBuffer, boolean read) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        String auth = user == null ? "" : "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(("GET /panel/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + auth + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (!read) {
            status = -1;
            in = null;
            return;
        }
        java.io.InputStream raw = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
        String line = head(raw);
        status = line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
        boolean chunked = false;
        while ((line = head(raw)) != null && !line.isEmpty()) {
            chunked |= line.equalsIgnoreCase("Transfer-Encoding: chunked");
        }
        in = new BufferedReader(new InputStreamReader(chunked ? new Dechunk(raw) : raw, StandardCharsets.UTF_8), 1 << 16);
        Thread t = new Thread(this::loop, "sse-client");
        t.setDaemon(true);
        t.start();
    }

    private void loop() {
        try {
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith(": ")) {
                    events.add(new Event("comment", null, System.currentTimeMillis()));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line, 6, line.length());
                } else if (line.isEmpty() && type != null) {
                    events.add(new Event(type, JSON.readTree(data.toString()), System.currentTimeMillis()));
                    type = null;
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            // cut off
        } finally {
            ended = true;
        }
    }

    /** One CRLF-ended head line, or null at the end. */
    static String head(java.io.InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0;) {
            if (c == '\n') {
                return b.toString().strip();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** The chunked transfer coding, undone. */
    static final class Dechunk extends java.io.InputStream {
        private final java.io.InputStream in;
        private long left;

        Dechunk(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (left == 0) {
                String size = head(in);
                if (size == null) {
                    return -1;
                }
                if (size.isEmpty()) {
                    continue; // the CRLF after a chunk
                }
                left = Long.parseLong(size.split(";")[0], 16);
                if (left == 0) {
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** The next event other than a heartbeat, or null after {@code millis}. */
    Event next(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            Event e = events.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (e == null || !e.type().equals("comment")) {
                return e;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
