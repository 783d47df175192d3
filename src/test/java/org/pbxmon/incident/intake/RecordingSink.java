package org.pbxmon.incident.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.AlertSink;

/**
 * An {@link AlertSink} for tests: records every batch it is offered and answers a scripted result
 * (ACCEPTED unless told otherwise; {@link #answer(AlertSink.Result, int)} answers something else the
 * next n times). Only accepted batches are kept in {@link #accepted()}.
 */
public final class RecordingSink implements AlertSink {
    private final ConcurrentLinkedQueue<List<Alert>> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger offered = new AtomicInteger();
    private volatile Result next = Result.ACCEPTED;
    private final AtomicInteger nextTimes = new AtomicInteger();

    /** Answer {@code result} to the next {@code times} batches, then ACCEPTED again. */
    public RecordingSink answer(Result result, int times) {
        next = result;
        nextTimes.set(times);
        return this;
    }

    @Override
    public Result accept(List<Alert> alerts) {
        offered.incrementAndGet();
        if (nextTimes.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return next;
        }
        accepted.add(List.copyOf(alerts));
        return Result.ACCEPTED;
    }

    /** Batches accepted so far, in order. */
    public List<List<Alert>> accepted() {
        return new ArrayList<>(accepted);
    }

    /** Every alert accepted so far, in order. */
    public List<Alert> alerts() {
        return accepted().stream().flatMap(List::stream).toList();
    }

    /** Batches offered, accepted or not. */
    public int offered() {
        return offered.get();
    }
}
