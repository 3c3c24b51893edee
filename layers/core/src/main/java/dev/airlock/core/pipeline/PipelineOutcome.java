package dev.airlock.core.pipeline;

import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.model.Problem;

import java.time.Instant;
import java.util.List;

/** How the pipeline answered a request: with a masked result, a hold for approval, or a problem. */
public sealed interface PipelineOutcome {

    String requestId();

    /** The request ran; this is what may leave the gateway. */
    record Completed(String requestId, MaskedResponse response) implements PipelineOutcome {
    }

    /** Policy wants a human to approve this exact request first; nothing ran. */
    record PendingApproval(String requestId, Instant expiresAt, List<String> policyIds) implements PipelineOutcome {
        public PendingApproval {
            policyIds = List.copyOf(policyIds);
        }
    }

    /** The request was refused or failed; the problem is safe to show the agent. */
    record Refused(String requestId, Problem problem) implements PipelineOutcome {
    }
}
