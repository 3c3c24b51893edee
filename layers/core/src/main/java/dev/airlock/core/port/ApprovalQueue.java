package dev.airlock.core.port;

import dev.airlock.core.model.PendingRequest;

/** Where requests that need a human wait. */
public interface ApprovalQueue {

    /** Stores the frozen request; it must be durable before the agent is told it is pending. */
    void hold(PendingRequest request);
}
