package dev.airlock.core.port;

import dev.airlock.core.model.PendingRequest;

/** Where requests that need a human wait. */
public interface ApprovalQueue {

    /** Stores the frozen request; it must be durable before the agent is told it is pending. */
    void hold(PendingRequest request);

    /**
     * Stores the frozen request and starts the wait for approvers; {@code summary} is the statement
     * as the audit trail keeps it (masked), the only form approvers are told.
     */
    default void hold(PendingRequest request, String summary) {
        hold(request);
    }
}
