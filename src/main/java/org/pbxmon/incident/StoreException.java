package org.pbxmon.incident;

/** The incident store could not do what was asked; the message says what and where, never a secret. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
