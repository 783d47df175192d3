package org.pbxmon.incident.store;

import java.sql.Connection;
import java.sql.DriverManager;

/** Run in a second JVM by {@link H2StoreTest}: holds the H2 database named by args[0] open until stdin closes. */
final class H2Holder {
    private H2Holder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            System.out.println(c.isValid(1) ? "ready" : "not valid");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to let go
            }
        }
    }
}
