package org.pbxmon.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting helpers shared by the renderers: header lines, responses, time and state strings. */
final class Ami {
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    static final String ASTERISK_VERSION = "22.10.1";
    static final String AMI_VERSION = "11.0.0";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter CEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter EVENT_TV =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private Ami() {
    }

    static void kv(StringBuilder sb, String key, Object value) {
        sb.append(key).append(": ");
        if (value != null) {
            sb.append(value);
        }
        sb.append("\r\n");
    }

    /** Appends {@code ActionID: id} when the request carried one (real Asterisk omits it otherwise). */
    static void actionId(StringBuilder sb, String actionId) {
        if (actionId != null) {
            kv(sb, "ActionID", actionId);
        }
    }

    /** {@code Response: <response>} + ActionID + {@code Message: <message>} + blank line. */
    static String response(String response, String actionId, String message) {
        StringBuilder sb = new StringBuilder(128);
        kv(sb, "Response", response);
        actionId(sb, actionId);
        if (message != null) {
            kv(sb, "Message", message);
        }
        return sb.append("\r\n").toString();
    }

    static String error(String actionId, String message) {
        return response("Error", actionId, message);
    }

    static String unknownCommand(String actionId, String action) {
        return error(actionId, "Invalid/unknown command: " + action
                + ". Use Action: ListCommands to show available commands.");
    }

    /** Starts a list response: Success, ActionID, EventList: start, Message. */
    static void listStart(StringBuilder sb, String actionId, String message) {
        kv(sb, "Response", "Success");
        actionId(sb, actionId);
        kv(sb, "EventList", "start");
        kv(sb, "Message", message);
        sb.append("\r\n");
    }

    /** Appends the list-complete event without the terminating blank line (callers may add fields). */
    static void listComplete(StringBuilder sb, String event, String actionId, int items) {
        kv(sb, "Event", event);
        actionId(sb, actionId);
        kv(sb, "EventList", "Complete");
        kv(sb, "ListItems", items);
    }

    static String date(long millis) {
        return DATE.format(local(millis));
    }

    static String time(long millis) {
        return TIME.format(local(millis));
    }

    static String celTime(long millis) {
        return CEL_TIME.format(local(millis));
    }

    static String eventTv(long millis) {
        return EVENT_TV.format(Instant.ofEpochMilli(millis));
    }

    private static LocalDateTime local(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault());
    }

    /** HH:MM:SS duration as in CoreShowChannel. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    static String md5Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(32);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of a Q.850 hangup cause as Asterisk's ast_cause2str prints it. */
    static String causeText(int cause) {
        switch (cause) {
            case 1: return "Unallocated (unassigned) number";
            case 3: return "No route to destination";
            case 16: return "Normal Clearing";
            case 17: return "User busy";
            case 18: return "No user responding";
            case 19: return "User alerting, no answer";
            case 20: return "Subscriber absent";
            case 21: return "Call Rejected";
            case 22: return "Number changed";
            case 26: return "Answered elsewhere";
            case 27: return "Destination out of order";
            case 28: return "Invalid number format";
            case 31: return "Normal, unspecified";
            case 34: return "Circuit/channel congestion";
            case 38: return "Network out of order";
            case 41: return "Temporary failure";
            case 127: return "Interworking, unspecified";
            default: return "Unknown";
        }
    }

    /** DialStatus of an unanswered dial ended with the given cause. */
    static String dialStatusFor(int cause) {
        switch (cause) {
            case 17: return "BUSY";
            case 18:
            case 19: return "NOANSWER";
            case 34:
            case 38:
            case 41: return "CONGESTION";
            case 1:
            case 3:
            case 20:
            case 27: return "CHANUNAVAIL";
            default: return "CANCEL";
        }
    }

    static String channelStateDesc(int state) {
        switch (state) {
            case 0: return "Down";
            case 1: return "Rsrvd";
            case 2: return "OffHook";
            case 3: return "Dialing";
            case 4: return "Ring";
            case 5: return "Ringing";
            case 6: return "Up";
            case 7: return "Busy";
            default: return "Unknown";
        }
    }
}
