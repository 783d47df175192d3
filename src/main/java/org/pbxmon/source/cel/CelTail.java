package org.pbxmon.source.cel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's own reading of the CEL table in id order: its position, the rows seen per eventtype,
 * and the open calls (linkedids with a CHAN_START and no LINKEDID_END yet). Pure state, fed row by
 * row; used by the poll thread only.
 */
final class CelTail {
    static final String CHAN_START = "CHAN_START";
    static final String LINKEDID_END = "LINKEDID_END";
    /** eventtype comes from the database: at most this many label values, "other" included. */
    static final int MAX_TYPES = 64;
    static final String OTHER = "other";

    private final long windowMs;
    private final int maxOpen;
    private final Map<String, Long> byType = new TreeMap<>();
    /** linkedid → CHAN_START time (Unix ms), in the order the calls started. */
    private final LinkedHashMap<String, Long> open = new LinkedHashMap<>();
    private long position = -1;

    /**
     * @param windowMs a call whose CHAN_START is older than this is no longer open
     * @param maxOpen  memory bound: beyond this many open calls the oldest are forgotten
     */
    CelTail(long windowMs, int maxOpen) {
        this.windowMs = windowMs;
        this.maxOpen = maxOpen;
    }

    boolean started() {
        return position >= 0;
    }

    /** The last id read (the agent's own watermark), -1 before {@link #startAfter}. */
    long position() {
        return position;
    }

    /** Reading starts after {@code id}. Open calls are forgotten; counts are kept (a counter never goes back). */
    void startAfter(long id) {
        position = Math.max(0, id);
        open.clear();
    }

    void accept(long id, String eventtype, long eventEpochMs, String linkedid) {
        position = Math.max(position, id);
        String type = eventtype == null || eventtype.isEmpty() ? OTHER : eventtype;
        if (!byType.containsKey(type) && byType.size() >= MAX_TYPES - 1) {
            type = OTHER;
        }
        byType.merge(type, 1L, Long::sum);
        if (linkedid == null || linkedid.isEmpty()) {
            return;
        }
        if (CHAN_START.equals(eventtype)) {
            open.putIfAbsent(linkedid, eventEpochMs);
            while (open.size() > maxOpen) {
                Iterator<String> it = open.keySet().iterator();
                it.next();
                it.remove();
            }
        } else if (LINKEDID_END.equals(eventtype)) {
            open.remove(linkedid);
        }
    }

    /** Forgets open calls that started before {@code nowMs - window}; returns how many are still open. */
    int openCalls(long nowMs) {
        Iterator<Long> it = open.values().iterator();
        while (it.hasNext()) {
            if (nowMs - it.next() > windowMs) {
                it.remove();
            }
        }
        return open.size();
    }

    Map<String, Long> eventsByType() {
        return Map.copyOf(byType);
    }
}
