package dev.airlock.core.port;

/** The audit store did not accept a record. Without an intent record nothing may run. */
public class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
