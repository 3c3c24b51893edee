package dev.airlock.core.engine;

import dev.airlock.core.model.PolicyDecision;

import java.util.Objects;

/**
 * What an engine needs besides the request itself to run it: who asked, under which request id,
 * and the decision whose obligations (row cap, time limit) bind the run.
 */
public record ExecutionRequest(String requestId, String agentId, PolicyDecision decision) {
    public ExecutionRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(decision, "decision");
    }
}
