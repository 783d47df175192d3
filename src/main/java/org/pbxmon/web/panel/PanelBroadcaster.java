package org.pbxmon.web.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pbxmon.model.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread for every viewer: every {@code pollMs} it builds the panel state from the latest
 * snapshots, computes the merge patch against the previous state once, encodes it once as an SSE
 * event and offers the same bytes to every subscriber's bounded queue. It never blocks on a viewer:
 * a subscriber whose queue is full is dropped (its connection closed). A comment heartbeat goes out
 * every {@code heartbeatMs}.
 */
public final class PanelBroadcaster implements AutoCloseable {
    public static final int DEFAULT_MAX_STREAMS = 256;
    public static final int DEFAULT_QUEUE = 64;
    private static final Logger log = LoggerFactory.getLogger(PanelBroadcaster.class);
    static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final SnapshotStore store;
    private final long pollMs;
    private final long heartbeatMs;
    private final int maxStreams;
    private final int queue;
    private final Set<PanelSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private final Object lock = new Object();
    private ObjectNode current;
    private long seq;
    private volatile boolean closed;

    public PanelBroadcaster(SnapshotStore store) {
        this(store, 200, 15_000, DEFAULT_MAX_STREAMS, DEFAULT_QUEUE);
    }

    public PanelBroadcaster(SnapshotStore store, long pollMs, long heartbeatMs, int maxStreams, int queue) {
        this.store = store;
        this.pollMs = pollMs;
        this.heartbeatMs = heartbeatMs;
        this.maxStreams = maxStreams;
        this.queue = queue;
        this.thread = new Thread(this::loop, "pbxmon-panel-broadcast");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A new viewer, whose queue starts with the full state; null when {@code maxStreams} viewers are
     * connected already. {@code onDrop} closes its connection when it falls behind.
     */
    public PanelSubscriber subscribe(Runnable onDrop) {
        synchronized (lock) {
            if (closed || subscribers.size() >= maxStreams) {
                return null;
            }
            if (current == null) {
                current = PanelState.build(store);
            }
            PanelSubscriber s = new PanelSubscriber(queue, onDrop);
            s.offer(event("full", seq, "state", current));
            subscribers.add(s);
            return s;
        }
    }

    public void unsubscribe(PanelSubscriber s) {
        subscribers.remove(s);
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Viewers dropped because they fell behind, since start. */
    public long dropped() {
        return dropped.get();
    }

    private void loop() {
        long lastBeat = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(pollMs);
                tick();
                if (System.nanoTime() - lastBeat >= TimeUnit.MILLISECONDS.toNanos(heartbeatMs)) {
                    lastBeat = System.nanoTime();
                    send(PING);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("panel broadcast failed: {}", e.toString());
            }
        }
    }

    /** One round: a diff event when the state changed. Package-private for tests. */
    void tick() {
        synchronized (lock) {
            ObjectNode next = PanelState.build(store);
            JsonNode patch = PanelState.diff(current, next);
            current = next;
            if (patch == null) {
                return;
            }
            seq++;
            send(event("diff", seq, "patch", patch));
        }
    }

    private void send(byte[] event) {
        for (PanelSubscriber s : subscribers) {
            if (!s.offer(event)) {
                subscribers.remove(s);
                dropped.incrementAndGet();
                log.info("panel viewer dropped: it fell {} events behind", queue);
                s.drop();
            }
        }
    }

    /** {@code event: <type>} with {"seq", "now", key: value}; one line of JSON, so one data line. */
    static byte[] event(String type, long seq, String key, JsonNode value) {
        ObjectNode n = PanelState.JSON.createObjectNode();
        n.put("seq", seq).put("now", System.currentTimeMillis()).set(key, value);
        try {
            return ("event: " + type + "\nid: " + seq + "\ndata: " + PanelState.JSON.writeValueAsString(n) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        subscribers.forEach(PanelSubscriber::drop);
        subscribers.clear();
    }
}
