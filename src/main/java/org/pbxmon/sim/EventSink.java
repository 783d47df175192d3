package org.pbxmon.sim;

/** Receives every event a {@link SimWorld} emits, in order, while the world lock is held. Must not block. */
interface EventSink {
    void onEvent(Ev ev);
}
