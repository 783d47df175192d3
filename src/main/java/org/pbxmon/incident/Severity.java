package org.pbxmon.incident;

import java.util.Locale;

/** The status of a monitored object or the severity of an incident, in increasing order. */
public enum Severity {
    OPERATIONAL, WARNING, CRITICAL;

    /** {@code operational}, {@code warning} or {@code critical}: the word used in every API and payload. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named {@code s} (any case), or null when it names none. */
    public static Severity parse(String s) {
        if (s == null) {
            return null;
        }
        for (Severity v : values()) {
            if (v.label().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        return null;
    }

    public static Severity worst(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
