package dev.airlock.core.approval;

import dev.airlock.core.model.ProblemKind;

import java.util.Objects;

/** An approval operation that the rules refuse; the message is safe to show and says why. */
public final class ApprovalRefusedException extends RuntimeException {
    private final ProblemKind kind;

    public ApprovalRefusedException(ProblemKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ProblemKind kind() {
        return kind;
    }
}
