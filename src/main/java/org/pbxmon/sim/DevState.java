package org.pbxmon.sim;

/**
 * Asterisk device states: {@code DeviceStateChange State:} text, {@code EndpointList DeviceState:} text
 * and the numeric value used by queue members ({@code Status:} in QueueMember / QueueMemberStatus).
 */
enum DevState {
    UNKNOWN("UNKNOWN", "Unknown", 0),
    NOT_INUSE("NOT_INUSE", "Not in use", 1),
    INUSE("INUSE", "In use", 2),
    BUSY("BUSY", "Busy", 3),
    INVALID("INVALID", "Invalid", 4),
    UNAVAILABLE("UNAVAILABLE", "Unavailable", 5),
    RINGING("RINGING", "Ringing", 6),
    RINGINUSE("RINGINUSE", "Ring+Inuse", 7),
    ONHOLD("ONHOLD", "On Hold", 8);

    final String ami;
    final String text;
    final int code;

    DevState(String ami, String text, int code) {
        this.ami = ami;
        this.text = text;
        this.code = code;
    }

    static DevState ofCode(int code) {
        for (DevState d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return UNKNOWN;
    }

    /** State from the channels of a device: ringing / in use / both / idle. */
    static DevState fromChannels(boolean ringing, boolean inUse, DevState idle) {
        if (ringing && inUse) {
            return RINGINUSE;
        }
        if (ringing) {
            return RINGING;
        }
        if (inUse) {
            return INUSE;
        }
        return idle;
    }
}
