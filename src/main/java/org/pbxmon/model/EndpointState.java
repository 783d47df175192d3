package org.pbxmon.model;

/** Reachability of an endpoint or peer, as a metric label value. */
public enum EndpointState {
    /** Qualified and answering (PJSIP Reachable, IAX2 OK). */
    UP("up"),
    /** Answering but slow (IAX2 LAGGED). Counts as up. */
    LAGGED("lagged"),
    /** Unreachable, unavailable, unregistered, or IAX2 UNREACHABLE/UNKNOWN. */
    DOWN("down"),
    /** Not qualified, so nobody knows (PJSIP NonQualified, IAX2 Unmonitored). */
    UNKNOWN("unknown");

    private final String label;

    EndpointState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** 1 for up or lagged, 0 for down, null when unknown (no series is better than a lie). */
    public Integer upValue() {
        return switch (this) {
            case UP, LAGGED -> 1;
            case DOWN -> 0;
            case UNKNOWN -> null;
        };
    }
}
