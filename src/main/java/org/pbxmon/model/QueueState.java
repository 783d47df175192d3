package org.pbxmon.model;

import java.util.Map;

/**
 * One call queue.
 *
 * @param membersByState member count per state label (paused members count as "paused")
 */
public record QueueState(
        String name,
        int callers,
        double longestWaitSeconds,
        Map<String, Integer> membersByState) {

    public QueueState {
        membersByState = Map.copyOf(membersByState);
    }

    public int members() {
        return membersByState.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Members that could take a call now: logged in, not paused, not busy. */
    public int available() {
        return membersByState.getOrDefault("not_in_use", 0);
    }
}
