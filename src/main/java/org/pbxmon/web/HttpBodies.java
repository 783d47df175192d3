package org.pbxmon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing of request and response bodies for {@link Exchange}: a request body read by
 * {@code Content-Length} or chunked encoding, and a response body written fixed-length, chunked or
 * unframed, as the JDK server does. Pure stream code over the connection's streams.
 */
final class HttpBodies {
    private HttpBodies() {
    }
    /** A request body as it arrives. */
    abstract static class Body {
        abstract int read(byte[] b, int off, int len) throws IOException;

        abstract boolean done();

        /** Reads and drops what is left, if at most {@code max} bytes; true when the body is fully read. */
        boolean skipAtMost(long max) throws IOException {
            byte[] skip = new byte[8192];
            long left = max;
            while (!done() && left > 0) {
                int n = read(skip, 0, (int) Math.min(skip.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
            return done();
        }
    }

    static final class FixedBody extends Body {
        private final InputStream in;
        final long length;
        private long left;

        FixedBody(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.left = length;
        }

        @Override
        int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the request body ended early");
            }
            left -= n;
            return n;
        }

        @Override
        boolean done() {
            return left <= 0;
        }
    }

    static final class ChunkedBody extends Body {
        private static final int MAX_LINE = 4096;
        private static final int MAX_TRAILERS = 8192;
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = line(MAX_LINE);
                int semi = size.indexOf(';');
                String hex = (semi >= 0 ? size.substring(0, semi) : size).trim();
                if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    // hex digits only: Long.parseLong would take a sign ("-5", "+5")
                    throw new HttpConnection.Refusal(400, "malformed chunked request body");
                }
                try {
                    chunkLeft = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new HttpConnection.Refusal(400, "malformed chunked request body");
                }
                if (chunkLeft == 0) {
                    int trailers = 0;
                    for (String t; !(t = line(MAX_TRAILERS - trailers)).isEmpty();) {
                        trailers += t.length() + 2;
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the request body ended early");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line(2).isEmpty()) {
                throw new HttpConnection.Refusal(400, "malformed chunked request body");
            }
            return n;
        }

        private String line(int max) throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c; (c = in.read()) != '\n';) {
                if (c < 0) {
                    throw new IOException("the request body ended early");
                }
                if (s.length() >= max) {
                    throw new HttpConnection.Refusal(400, "malformed chunked request body");
                }
                s.append((char) c);
            }
            int n = s.length();
            return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
        }

        @Override
        boolean done() {
            return done;
        }
    }

    /** What {@link #getResponseBody()} returns: refuses writes until the headers are sent. */
    static final class Placeholder extends OutputStream {
        OutputStream target;

        private OutputStream target() throws IOException {
            if (target == null) {
                throw new IOException("response headers not sent yet");
            }
            return target;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (target != null) {
                target.close();
            }
        }

        boolean complete() {
            return !(target instanceof FixedOutput f) || f.left == 0;
        }
    }

    static final class FixedOutput extends OutputStream {
        private final OutputStream out;
        long left;
        private boolean closed;

        FixedOutput(OutputStream out, long length) {
            this.out = out;
            this.left = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            if (len > left) {
                throw new IOException("more response bytes than the announced length");
            }
            out.write(b, off, len);
            left -= len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.flush();
            }
        }
    }

    static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[8192];
        private int n;
        private boolean closed;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    chunk();
                }
            }
        }

        private void chunk() throws IOException {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buf, 0, n);
                out.write('\r');
                out.write('\n');
                n = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                chunk();
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                chunk();
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                closed = true;
            }
        }
    }

    /** HTTP/1.0 without a length: the body ends when the connection closes. */
    static final class UnframedOutput extends OutputStream {
        private final OutputStream out;

        UnframedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
