package org.pbxmon.source.ami.quality;

import java.util.Map;

/**
 * Parses the values of the {@code RTPAUDIOQOS*} channel variables (seen as {@code VarSet} events
 * with {@code Variable:}/{@code Value:}). Pure and total: it never throws; fields that are missing,
 * empty, padded ({@code minrxlost=000.000000;}, leading blanks as in {@code "   minrxmes=..."}),
 * unknown or garbage are handled, and whatever cannot be parsed is unknown, never 0. Keys are
 * matched case-insensitively; a repeated key keeps its first value.
 */
public final class RtpQosParser {
    /** Name of the summary variable. */
    public static final String SUMMARY_VARIABLE = "RTPAUDIOQOS";

    private RtpQosParser() {
    }

    /** Whether {@code variable} is one of the five {@code RTPAUDIOQOS*} variables. */
    public static boolean isQosVariable(String variable) {
        return variable != null
                && (SUMMARY_VARIABLE.equalsIgnoreCase(variable.trim()) || RtpQosStats.Kind.ofVariable(variable) != null);
    }

    /** The {@code RTPAUDIOQOS} summary; all-unknown for null or garbage. */
    public static RtpQos summary(String value) {
        Map<String, String> f = Numbers.fields(value);
        return new RtpQos(
                Numbers.ssrc(f.get("ssrc")),
                Numbers.ssrc(f.get("themssrc")),
                Numbers.integer(f.get("lp"), true),
                Numbers.decimal(f.get("rxjitter")),
                Numbers.integer(f.get("rxcount"), false),
                Numbers.decimal(f.get("txjitter")),
                Numbers.integer(f.get("txcount"), false),
                Numbers.integer(f.get("rlp"), true),
                Numbers.decimal(f.get("rtt")),
                Numbers.decimal(f.get("rxmes")),
                Numbers.decimal(f.get("txmes")));
    }

    /** One spread variable's value; {@code kind} from {@link RtpQosStats.Kind#ofVariable}. Null kind is not allowed. */
    public static RtpQosStats stats(RtpQosStats.Kind kind, String value) {
        Map<String, String> f = Numbers.fields(value);
        String stem = kind.stem();
        if (kind == RtpQosStats.Kind.RTT) {
            return new RtpQosStats(kind, spread(f, "", stem), RtpQosStats.Spread.UNKNOWN);
        }
        return new RtpQosStats(kind, spread(f, "rx", stem), spread(f, "tx", stem));
    }

    private static RtpQosStats.Spread spread(Map<String, String> f, String dir, String stem) {
        return new RtpQosStats.Spread(
                Numbers.decimal(f.get("min" + dir + stem)),
                Numbers.decimal(f.get("max" + dir + stem)),
                Numbers.decimal(f.get("avg" + dir + stem)),
                Numbers.decimal(f.get("stdev" + dir + stem)));
    }
}
