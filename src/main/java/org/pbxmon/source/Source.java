package org.pbxmon.source;

/**
 * A background source that fills the snapshot store: an AMI session, a CEL poller, an HTTP probe.
 * Constructors do no I/O; {@link #start()} returns at once and the source works in the background,
 * turning every failure into status, never into an exception out of here.
 */
public interface Source extends AutoCloseable {
    /** A stable key, unique in one agent, e.g. "ami:main", "cel:main", "probe:itgrix". */
    String key();

    void start();

    /** Stops the source and removes what it published from the store. */
    @Override
    void close();
}
