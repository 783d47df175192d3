package org.pbxmon.source.ami.quality;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The per-call RTP summary Asterisk sets in the channel variable {@code RTPAUDIOQOS} at hangup
 * ({@code ssrc=..;themssrc=..;lp=..;rxjitter=..;rxcount=..;txjitter=..;txcount=..;rlp=..;rtt=..;
 * rxmes=..;txmes=..}). Each component keeps Asterisk's field name; an absent, empty or unparsable
 * field is empty (unknown), never 0. Built by {@link RtpQosParser#summary}.
 *
 * <p>Units: jitter and RTT are in <b>seconds</b> as Asterisk prints them (the capture's
 * {@code txjitter=0.000125} is exactly one RTP timestamp unit at 8 kHz, matching the same call's
 * RTCP {@code IAJitter: 1}), so no conversion is needed. {@code lp} and {@code rlp} are packet
 * counts (lost packets can be negative in RTCP when duplicates arrive, so they are signed).
 * MES is a 0–100 score.
 *
 * <p><b>Direction naming is inverted for jitter and MES.</b> In the real capture the locally
 * measured values of the received stream appear as {@code txjitter}/{@code txmes} in this summary
 * but as {@code maxrxjitter}/{@code minrxmes} in {@code RTPAUDIOQOSJITTER}/{@code RTPAUDIOQOSMES}
 * and as the {@code MES} of the channel's {@code RTCPSent}; {@code rxjitter}/{@code rxmes} are what
 * the far end reported over RTCP (0 when it never sent a report block, indistinguishable from a
 * real 0). Use the {@code receivedStream*}/{@code sentStream*} accessors rather than the raw names.
 * Counts are not inverted: {@code rxcount} is packets received, {@code lp} packets lost on receive.
 */
public record RtpQos(
        OptionalLong ssrc,
        OptionalLong themSsrc,
        OptionalLong lp,
        OptionalDouble rxJitter,
        OptionalLong rxCount,
        OptionalDouble txJitter,
        OptionalLong txCount,
        OptionalLong rlp,
        OptionalDouble rtt,
        OptionalDouble rxMes,
        OptionalDouble txMes) {

    /** Jitter of the audio the PBX received, measured by Asterisk, in seconds ({@code txjitter}). */
    public OptionalDouble receivedStreamJitterSeconds() {
        return txJitter;
    }

    /** MES of the audio the PBX received, computed by Asterisk ({@code txmes}). */
    public OptionalDouble receivedStreamMes() {
        return txMes;
    }

    /** Jitter of the audio the PBX sent, as the far end reported it ({@code rxjitter}); 0 may mean "never reported". */
    public OptionalDouble sentStreamJitterSeconds() {
        return rxJitter;
    }

    /** MES of the audio the PBX sent, as derived from the far end's reports ({@code rxmes}); 0 may mean "never reported". */
    public OptionalDouble sentStreamMes() {
        return rxMes;
    }

    /** Round-trip time in seconds ({@code rtt}); 0 when no RTCP round trip was ever measured. */
    public OptionalDouble rttSeconds() {
        return rtt;
    }

    /**
     * Share of the received packets that were lost: {@code lp / (rxcount + lp)}, clamped to 0..1;
     * empty when either is unknown or nothing was expected.
     */
    public OptionalDouble receivedLossRatio() {
        if (lp.isEmpty() || rxCount.isEmpty()) {
            return OptionalDouble.empty();
        }
        long lost = Math.max(0, lp.getAsLong());
        double expected = (double) rxCount.getAsLong() + lost;
        return expected <= 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, lost / expected));
    }

    /**
     * Share of the sent packets the far end reported lost: {@code rlp / txcount}, clamped to 0..1;
     * empty when either is unknown or nothing was sent.
     */
    public OptionalDouble sentLossRatio() {
        if (rlp.isEmpty() || txCount.isEmpty() || txCount.getAsLong() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, Math.max(0, rlp.getAsLong()) / (double) txCount.getAsLong()));
    }

    /** Whether no field at all could be parsed (garbage or empty value). */
    public boolean isEmpty() {
        return ssrc.isEmpty() && themSsrc.isEmpty() && lp.isEmpty() && rxJitter.isEmpty() && rxCount.isEmpty()
                && txJitter.isEmpty() && txCount.isEmpty() && rlp.isEmpty() && rtt.isEmpty() && rxMes.isEmpty()
                && txMes.isEmpty();
    }
}
