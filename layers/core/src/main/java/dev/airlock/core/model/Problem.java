package dev.airlock.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An error safe to show the agent: a kind and a detail that says what to do. It never holds
 * an internal message, a stack trace or a secret.
 *
 * @param kind     the kind of error
 * @param detail   what happened and how to fix it
 * @param decision the policy decision, when policy caused the error
 */
public record Problem(ProblemKind kind, String detail, Optional<PolicyDecision> decision) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(decision, "decision");
    }

    public static Problem of(ProblemKind kind, String detail) {
        return new Problem(kind, detail, Optional.empty());
    }
}
