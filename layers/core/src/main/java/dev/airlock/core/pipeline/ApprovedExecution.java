package dev.airlock.core.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * A call to run a held request once it is approved: no body, only the held request's id. What
 * runs is the operation stored when it was held.
 */
public record ApprovedExecution(String heldRequestId, Optional<String> authorization, Optional<String> sourceIp,
                                ApprovalWait approvalWait) implements RequestState.Inbound {
    public ApprovedExecution {
        Objects.requireNonNull(heldRequestId, "heldRequestId");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(approvalWait, "approvalWait");
    }
}
