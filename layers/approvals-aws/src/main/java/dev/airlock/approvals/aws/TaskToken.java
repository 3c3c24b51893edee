package dev.airlock.approvals.aws;

import java.util.Objects;

/**
 * A Step Functions task token. Whoever holds it can decide the workflow, so it is treated like a
 * credential: {@link #toString()} never shows it, and no message or log line carries it.
 */
public record TaskToken(String value) {
    public TaskToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty task token");
        }
    }

    @Override
    public String toString() {
        return "TaskToken[redacted]";
    }
}
