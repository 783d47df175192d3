package org.pbxmon.model;

import java.util.Map;

/**
 * One queue's service since the agent started, and its service level over the sliding window.
 *
 * @param tenant          tenant label, null without tenant rules
 * @param outcomes        callers by outcome: answered (an agent connected), abandoned (hung up
 *                        waiting), timeout (left the queue unanswered: timeout, empty queue, exit
 *                        key), transferred (answered calls that an agent transferred; a subset of
 *                        answered). Every outcome present.
 * @param answerWait      wait before answer (AgentConnect HoldTime), seconds
 * @param abandonWait     wait before abandon (QueueCallerAbandon HoldTime), seconds
 * @param serviceLevel    threshold in seconds (e.g. "20") to the share of callers of the window
 *                        answered within it: answered within / (answered + abandoned + timeout);
 *                        absent when the window had no caller
 * @param windowOffered   callers that left the queue within the window
 */
public record QueueService(String tenant, String queue, Map<String, Long> outcomes, Histogram answerWait,
        Histogram abandonWait, Map<String, Double> serviceLevel, long windowOffered) {

    public QueueService {
        outcomes = Map.copyOf(outcomes);
        serviceLevel = Map.copyOf(serviceLevel);
    }
}
