package org.pbxmon.sim;

/** An outbound auth object as shown by AuthDetail (the password is shown in clear, like real Asterisk). */
record OutboundAuth(String name, String username, String password) {
}
