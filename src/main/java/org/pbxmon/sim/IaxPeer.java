package org.pbxmon.sim;

/** A chan_iax2 peer as listed by IAXpeerlist. Only {@link #status} changes, under the world lock. */
final class IaxPeer {
    final String name;
    /** ObjectUsername; null means the line is omitted (dynamic peers that never registered). */
    final String username;
    final String ip;
    final String mask;
    final String port;
    final boolean dynamic;
    /** PeerEntry Status, e.g. "OK (3 ms)", "LAGGED (700 ms)", "UNREACHABLE", "UNKNOWN". */
    String status;
    DevState devState = DevState.UNKNOWN;

    IaxPeer(String name, String username, String ip, String mask, String port, boolean dynamic, String status) {
        this.name = name;
        this.username = username;
        this.ip = ip;
        this.mask = mask;
        this.port = port;
        this.dynamic = dynamic;
        this.status = status;
    }

    String device() {
        return "IAX2/" + name;
    }

    boolean available() {
        return status.startsWith("OK") || status.startsWith("LAGGED");
    }
}
