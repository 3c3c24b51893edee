package dev.airlock.local;

/** The local gateway cannot start; the message says what to change. */
public class LocalStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalStartupException(String message) {
        super(message);
    }

    public LocalStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
