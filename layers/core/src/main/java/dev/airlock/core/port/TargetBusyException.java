package dev.airlock.core.port;

import java.time.Duration;

/**
 * The target has no connection to spare for this agent within the bounded wait: its share is
 * in use, or the pool is. The agent should retry after {@link #retryAfter()}.
 */
public class TargetBusyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    public TargetBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
