package dev.airlock.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * The durable wait for a human decision on one held request. Locally an in-process workflow;
 * in AWS a Step Functions standard workflow that notifies approvers, waits on a task token,
 * records the decision and turns the request EXPIRED when nobody decides in time.
 *
 * <p>The approval store stays the judge of who may decide: callers record an
 * approval or denial there first, and only then tell the workflow. Every method throws
 * {@link ApprovalWorkflowException}, whose message is safe to show and says what to fix.
 */
public interface ApprovalWorkflow {

    /** Starts waiting for a decision on the request; at most one wait per request id. */
    void start(Notice notice);

    /** The request has all the approvals it needs: the workflow records APPROVED and ends. */
    void approved(String requestId, String approverId);

    /** An approver refused the request: the workflow records DENIED and ends. */
    void denied(String requestId, String approverId, String reason);

    /**
     * What approvers are told about a held request: its id, who asks, on what, a one-line
     * summary (the statement as the audit trail keeps it, never a secret), and how long the
     * workflow waits before the request expires.
     */
    record Notice(String requestId, String agentId, String target, String summary, Duration waitFor) {
        public Notice {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(waitFor, "waitFor");
            if (waitFor.isNegative() || waitFor.isZero()) {
                throw new IllegalArgumentException("waitFor must be positive, was " + waitFor);
            }
        }
    }
}
