package dev.airlock.core.model;

/**
 * Where a held request is in its life. Every move is one conditional write in the store:
 *
 * <pre>
 *   PENDING -> APPROVED | DENIED | EXPIRED
 *   APPROVED -> EXECUTING (claimed, exactly once) | EXPIRED (approval no longer usable)
 *   EXECUTING -> EXECUTED | FAILED
 * </pre>
 */
public enum ApprovalState {
    PENDING, APPROVED, DENIED, EXPIRED, EXECUTING, EXECUTED, FAILED;

    /** No further move is possible. */
    public boolean isFinal() {
        return this == DENIED || this == EXPIRED || this == EXECUTED || this == FAILED;
    }
}
