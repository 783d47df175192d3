package org.pbxmon.source.ami;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pbxmon.model.EndpointState;

/** Turns Asterisk's status strings into an {@link EndpointState} and an RTT. Pure. */
final class PeerStatusParser {
    private static final Pattern MS = Pattern.compile("\\((\\d+) ms\\)");

    private PeerStatusParser() {
    }

    record Parsed(EndpointState state, Double rttSeconds) {
    }

    /**
     * IAX2 (and chan_sip) list status: {@code OK (3 ms)}, {@code LAGGED (700 ms)}, {@code UNREACHABLE},
     * {@code UNKNOWN}, {@code Unmonitored}. UNREACHABLE and UNKNOWN are down; an unmonitored peer is
     * not qualified, so its state is unknown.
     */
    static Parsed listStatus(String status) {
        if (status == null) {
            return new Parsed(EndpointState.UNKNOWN, null);
        }
        String s = status.trim().toUpperCase(Locale.ROOT);
        Double rtt = null;
        Matcher m = MS.matcher(status);
        if (m.find()) {
            rtt = Integer.parseInt(m.group(1)) / 1000.0;
        }
        if (s.startsWith("OK")) {
            return new Parsed(EndpointState.UP, rtt);
        }
        if (s.startsWith("LAGGED")) {
            return new Parsed(EndpointState.LAGGED, rtt);
        }
        if (s.startsWith("UNREACHABLE") || s.startsWith("UNKNOWN")) {
            return new Parsed(EndpointState.DOWN, null);
        }
        return new Parsed(EndpointState.UNKNOWN, null);
    }

    /** PeerStatus event value: Reachable, Lagged, Unreachable, Registered, Unregistered, Rejected. */
    static EndpointState peerStatusEvent(String peerStatus) {
        if (peerStatus == null) {
            return EndpointState.UNKNOWN;
        }
        return switch (peerStatus.trim().toLowerCase(Locale.ROOT)) {
            case "reachable" -> EndpointState.UP;
            case "lagged" -> EndpointState.LAGGED;
            case "unreachable", "unregistered", "rejected" -> EndpointState.DOWN;
            default -> EndpointState.UNKNOWN;
        };
    }

    /** PJSIP contact status: Reachable, Unreachable, NonQualified, Unknown, Created, Updated. */
    static EndpointState contactStatus(String status) {
        if (status == null) {
            return EndpointState.UNKNOWN;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "reachable", "avail" -> EndpointState.UP;
            case "unreachable", "unavail" -> EndpointState.DOWN;
            default -> EndpointState.UNKNOWN;
        };
    }

    /** Queue member device status (QueueMember Status) to a label. */
    static String memberState(Integer status, boolean paused) {
        if (paused) {
            return "paused";
        }
        if (status == null) {
            return "unknown";
        }
        return switch (status) {
            case 1 -> "not_in_use";
            case 2 -> "in_use";
            case 3 -> "busy";
            case 4 -> "invalid";
            case 5 -> "unavailable";
            case 6 -> "ringing";
            case 7 -> "ring_in_use";
            case 8 -> "on_hold";
            default -> "unknown";
        };
    }

    /** "00:01:05" (CoreShowChannel Duration) to seconds; 0 when unparseable. */
    static long hms(String duration) {
        if (duration == null || duration.isBlank()) {
            return 0;
        }
        long total = 0;
        for (String part : duration.trim().split(":")) {
            try {
                total = total * 60 + Long.parseLong(part.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return total;
    }
}
