package dev.airlock.core.port;

/**
 * The approval workflow could not start, or could not take a decision. The message names the
 * request and what to fix; it never carries a task token or another secret.
 */
public class ApprovalWorkflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the workflow refused; callers map these to problem types. */
    public enum Reason {
        /** A workflow for this request id already runs or ran. */
        ALREADY_STARTED,
        /** The workflow no longer waits: it expired or was already decided. */
        NOT_WAITING,
        /** The workflow has not yet handed its notice over, so there is nothing to answer yet. */
        NOT_READY,
        /** The workflow service refused or could not be reached: configuration or permissions. */
        UNAVAILABLE
    }

    private final Reason reason;

    public ApprovalWorkflowException(Reason reason, String safeMessage) {
        super(safeMessage);
        this.reason = reason;
    }

    public ApprovalWorkflowException(Reason reason, String safeMessage, Throwable cause) {
        super(safeMessage, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
