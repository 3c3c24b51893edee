package dev.airlock.core.port;

/** A notification could not be delivered (the outbox is not writable, SES refused it). */
public class NotificationFailedException extends RuntimeException {
    public NotificationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
