package org.pbxmon.sim;

import java.nio.charset.StandardCharsets;

/**
 * One rendered asynchronous AMI event: the exact text (CRLF lines, blank line at the end) plus the
 * event name and the categories of its {@code Privilege:} header (used for {@code Events:} masks).
 */
final class Ev {
    final String name;
    final String privilege;
    final String text;
    private volatile byte[] bytes;

    Ev(String name, String privilege, String text) {
        this.name = name;
        this.privilege = privilege;
        this.text = text;
    }

    byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = text.getBytes(StandardCharsets.UTF_8);
            bytes = b;
        }
        return b;
    }

    /** Starts an event: {@code Event: name} then {@code Privilege: privilege}. */
    static B of(String name, String privilege) {
        return new B(name, privilege);
    }

    /** Builder appending {@code Key: value} lines in the order given. */
    static final class B {
        private final String name;
        private final String privilege;
        private final StringBuilder sb = new StringBuilder(512);

        private B(String name, String privilege) {
            this.name = name;
            this.privilege = privilege;
            kv("Event", name);
            kv("Privilege", privilege);
        }

        B kv(String key, Object value) {
            Ami.kv(sb, key, value);
            return this;
        }

        /** Appends the standard channel snapshot block, optionally with a prefix such as "Dest". */
        B chan(Chan c, String prefix) {
            c.appendSnapshot(sb, prefix);
            return this;
        }

        Ev build() {
            sb.append("\r\n");
            return new Ev(name, privilege, sb.toString());
        }
    }
}
