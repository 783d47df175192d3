package org.pbxmon.source.ami.quality;

import java.util.OptionalDouble;

/**
 * One of the per-call spread variables Asterisk sets at hangup: {@code RTPAUDIOQOSJITTER},
 * {@code RTPAUDIOQOSLOSS}, {@code RTPAUDIOQOSRTT} or {@code RTPAUDIOQOSMES}, e.g.
 * {@code minrxjitter=000.000000;maxrxjitter=000.000125;avgrxjitter=...;stdevrxjitter=...;mintxjitter=...}.
 * Built by {@link RtpQosParser#stats}.
 *
 * <p>{@code rx} is the stream the PBX received (measured locally: in the capture
 * {@code minrxmes=088.087887} equals the channel's {@code RTCPSent MES: 88.1}), {@code tx} the
 * stream it sent (from the far end's reports). {@code RTPAUDIOQOSRTT} has no direction
 * ({@code minrtt/maxrtt/avgrtt/stdevrtt}); its values are in {@code rx} and {@code tx} is unknown.
 *
 * <p>Units as Asterisk prints them: jitter and RTT in seconds, MES 0–100, loss in <b>packets lost
 * per RTCP interval</b> (not a ratio; use {@link RtpQos#receivedLossRatio()} for a ratio).
 */
public record RtpQosStats(Kind kind, Spread rx, Spread tx) {

    /** Which variable the spread came from. */
    public enum Kind {
        JITTER("RTPAUDIOQOSJITTER", "jitter"),
        LOSS("RTPAUDIOQOSLOSS", "lost"),
        RTT("RTPAUDIOQOSRTT", "rtt"),
        MES("RTPAUDIOQOSMES", "mes");

        private final String variable;
        private final String stem;

        Kind(String variable, String stem) {
            this.variable = variable;
            this.stem = stem;
        }

        /** The channel variable name, e.g. {@code RTPAUDIOQOSJITTER}. */
        public String variable() {
            return variable;
        }

        /** The field stem, e.g. {@code jitter} in {@code minrxjitter}. */
        String stem() {
            return stem;
        }

        /** The kind for a variable name (case-insensitive), or null for anything else (including {@code RTPAUDIOQOS}). */
        public static Kind ofVariable(String name) {
            if (name != null) {
                for (Kind k : values()) {
                    if (k.variable.equalsIgnoreCase(name.trim())) {
                        return k;
                    }
                }
            }
            return null;
        }
    }

    /** Minimum, maximum, average and standard deviation; each empty when unknown. */
    public record Spread(OptionalDouble min, OptionalDouble max, OptionalDouble avg, OptionalDouble stdev) {
        /** All four unknown. */
        public static final Spread UNKNOWN =
                new Spread(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

        public boolean isUnknown() {
            return min.isEmpty() && max.isEmpty() && avg.isEmpty() && stdev.isEmpty();
        }
    }
}
