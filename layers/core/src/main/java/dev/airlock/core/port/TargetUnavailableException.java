package dev.airlock.core.port;

/** A target, or the credentials for it, could not be reached. The message is safe to show. */
public class TargetUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetUnavailableException(String safeMessage, Throwable cause) {
        super(safeMessage, cause);
    }
}
