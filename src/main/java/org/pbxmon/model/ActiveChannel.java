package org.pbxmon.model;

/**
 * One live channel, for the live panel.
 *
 * @param callerId      CallerIDNum when known, "" otherwise
 * @param exten         the dialled extension when known, "" otherwise
 * @param state         channel state label: down, ring, ringing, up, busy, ... ("" when unknown)
 * @param createdEpochMs when the channel was created, as the agent knows it (from NewChannel, or from
 *                      the channel's age reported by CoreShowChannels after a sync)
 * @param bridgeId      the bridge it is in, "" when none
 */
public record ActiveChannel(String uniqueId, String channel, String linkedId, String callerId, String exten,
        String state, long createdEpochMs, String bridgeId) {
}
