package dev.airlock.core.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An error safe to show the agent: a kind and a detail that says what to do. It never holds
 * an internal message, a stack trace or a secret.
 *
 * @param kind       the kind of error
 * @param detail     what happened and how to fix it
 * @param decision   the policy decision, when policy caused the error
 * @param retryAfter how long to wait before trying again, when waiting helps (a busy target)
 */
public record Problem(ProblemKind kind, String detail, Optional<PolicyDecision> decision,
                      Optional<Duration> retryAfter) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Problem(ProblemKind kind, String detail, Optional<PolicyDecision> decision) {
        this(kind, detail, decision, Optional.empty());
    }

    public static Problem of(ProblemKind kind, String detail) {
        return new Problem(kind, detail, Optional.empty());
    }

    /** A problem that goes away with time: the agent may try again after {@code retryAfter}. */
    public static Problem retryable(ProblemKind kind, String detail, Duration retryAfter) {
        return new Problem(kind, detail, Optional.empty(), Optional.ofNullable(retryAfter));
    }
}
