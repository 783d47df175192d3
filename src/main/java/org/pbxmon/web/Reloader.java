package org.pbxmon.web;

import java.util.List;

/** What {@code POST /monitor/reload} calls: the agent re-reads its config file. */
public interface Reloader {
    /**
     * The result of one reload.
     *
     * @param ok       false when the new config was refused (the old one keeps running)
     * @param messages what changed, or every problem of the refused config (never a secret)
     */
    record Outcome(boolean ok, List<String> messages) {
        public Outcome {
            messages = List.copyOf(messages);
        }
    }

    Outcome reload();

    /** Reload counters for {@code /monitor}: successful, failed, whether the last one succeeded. */
    default long[] counts() {
        return new long[] {0, 0, 1};
    }
}
