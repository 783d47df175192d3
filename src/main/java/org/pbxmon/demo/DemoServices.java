package org.pbxmon.demo;

import java.io.IOException;
import java.sql.SQLException;
import org.pbxmon.sim.CelEvents;
import org.pbxmon.sim.SimWorld;

/**
 * What surrounds the simulated PBX in {@code --demo}, all in-process on ephemeral loopback ports: the
 * CEL database (H2, filled by the world's calls, served over the MariaDB protocol), the Itgrix
 * connector's status API (Digest) and a Webim backend's monitoring API (Basic). The credentials are
 * the ones {@code ConfigLoader.demo} configures.
 */
public final class DemoServices implements AutoCloseable {
    /** The CEL database's user and password (MariaDB protocol). */
    public static final String CEL_USER = "pbxmon";
    public static final String CEL_PASSWORD = "demo";
    /** The Itgrix (Digest) and Webim (Basic) user and password. */
    public static final String HTTP_USER = "demo";
    public static final String HTTP_PASSWORD = "demo";

    private final CelDatabase cel;
    private final CelEvents celEvents;
    private final MariaDbFront mariadb;
    private final ItgrixServer itgrix;
    private final WebimServer webim;
    private final CallbackReceiver callbacks;

    private DemoServices(CelDatabase cel, CelEvents celEvents, MariaDbFront mariadb, ItgrixServer itgrix,
            WebimServer webim, CallbackReceiver callbacks) {
        this.callbacks = callbacks;
        this.cel = cel;
        this.celEvents = celEvents;
        this.mariadb = mariadb;
        this.itgrix = itgrix;
        this.webim = webim;
    }

    /** Starts everything; the CEL table records every call {@code world} makes from now on. */
    public static DemoServices start(SimWorld world) throws IOException {
        CelDatabase cel = null;
        CelEvents events = null;
        MariaDbFront mariadb = null;
        ItgrixServer itgrix = null;
        WebimServer webim = null;
        try {
            cel = CelDatabase.start();
            events = CelEvents.attach(world, cel::accept);
            mariadb = MariaDbFront.start(cel, CEL_USER, CEL_PASSWORD);
            itgrix = ItgrixServer.start(cel, HTTP_USER, HTTP_PASSWORD);
            webim = WebimServer.start(HTTP_USER, HTTP_PASSWORD);
            CallbackReceiver callbacks = CallbackReceiver.start();
            return new DemoServices(cel, events, mariadb, itgrix, webim, callbacks);
        } catch (SQLException | IOException | RuntimeException e) {
            closeAll(webim, itgrix, mariadb, events, cel);
            throw e instanceof IOException io ? io : new IOException("cannot start the demo services: " + e, e);
        }
    }

    /** The demo callback's receiver (its deliveries are listed at {@code /demo/callbacks}). */
    public CallbackReceiver callbacks() {
        return callbacks;
    }

    /** Port of the MariaDB-protocol front of the CEL database (database {@code asteriskcel}, table {@code cel}). */
    public int celPort() {
        return mariadb.port();
    }

    /** Port of the Itgrix status API ({@code /status}). */
    public int itgrixPort() {
        return itgrix.port();
    }

    /** Port of the Webim monitoring API (base URL). */
    public int webimPort() {
        return webim.port();
    }

    private static void closeAll(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    @Override
    public void close() {
        closeAll(callbacks, webim, itgrix, mariadb, celEvents, cel);
    }
}
