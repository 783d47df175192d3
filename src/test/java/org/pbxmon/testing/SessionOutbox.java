package org.pbxmon.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The only writer of one {@link ScriptedAmi} session's socket: byte blocks are queued and written, whole
 * and in order, by one daemon thread, so nothing that queues (the reader, {@code push}, the accept loop)
 * ever blocks on a slow client. Per block it applies the server's knobs at the time of writing: silent
 * (drop), trickle (one byte at a time) and pacing (spread over a wall time).
 */
final class SessionOutbox implements Runnable {
    private static final int PACE_CHUNK = 16 * 1024;

    /** One queued block: bytes, the wall time to spread them over (0 = at once), close after it. */
    private record Block(byte[] bytes, long paceNanos, boolean closeAfter) {
    }

    private final ScriptedAmi server;
    private final OutputStream out;
    private final Runnable onDone;
    private final ArrayDeque<Block> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;

    SessionOutbox(ScriptedAmi server, OutputStream out, Runnable onDone, String name) {
        this.server = server;
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.onDone = onDone;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void enqueue(byte[] bytes) {
        add(new Block(bytes, 0, false));
    }

    void enqueuePaced(byte[] bytes, long paceNanos) {
        add(new Block(bytes, paceNanos, false));
    }

    /** Queues a last block; once it is written the session closes. */
    void enqueueAndClose(byte[] bytes) {
        add(new Block(bytes, 0, true));
    }

    private synchronized void add(Block b) {
        if (!closed) {
            queue.add(b);
            notifyAll();
        }
    }

    synchronized void close() {
        closed = true;
        queue.clear();
        notifyAll();
    }

    @Override
    public void run() {
        try {
            while (true) {
                Block b;
                synchronized (this) {
                    while (queue.isEmpty() && !closed) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    b = queue.poll();
                }
                write(b);
                boolean more;
                synchronized (this) {
                    more = !queue.isEmpty();
                }
                if (!more || b.closeAfter) {
                    out.flush();
                }
                if (b.closeAfter) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onDone.run();
        }
    }

    private void write(Block b) throws IOException {
        if (server.isSilent()) {
            return;
        }
        long perByte = server.tricklePerByteNanos();
        if (perByte > 0) {
            for (byte x : b.bytes) {
                if (isClosed()) {
                    return;
                }
                out.write(x);
                out.flush();
                LockSupport.parkNanos(perByte);
            }
            return;
        }
        if (b.paceNanos <= 0) {
            out.write(b.bytes);
            return;
        }
        int chunks = Math.max(1, (b.bytes.length + PACE_CHUNK - 1) / PACE_CHUNK);
        long t0 = System.nanoTime();
        for (int i = 0; i < chunks; i++) {
            long due = t0 + b.paceNanos * (i + 1) / chunks;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (isClosed()) {
                    return;
                }
            }
            int from = i * PACE_CHUNK;
            out.write(b.bytes, from, Math.min(PACE_CHUNK, b.bytes.length - from));
            out.flush();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }
}
