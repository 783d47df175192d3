package org.pbxmon.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Polls until a value is as expected, failing with the last value seen. */
public final class Await {
    private Await() {
    }

    public static <T> T until(Duration timeout, Supplier<T> actual, T expected, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = actual.get();
            } catch (RuntimeException | AssertionError e) {
                last = null;
            }
            if (Objects.equals(last, expected)) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError(what + ": expected " + expected + " within " + timeout + ", last saw " + last);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
