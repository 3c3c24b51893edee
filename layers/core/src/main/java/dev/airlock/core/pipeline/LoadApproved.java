package dev.airlock.core.pipeline;

import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;

import java.util.Optional;

/**
 * Execution stage 2: the held request must be the calling agent's and approved (waiting for a
 * decision a while if the agent asked to); the frozen request is what the later stages run.
 */
final class LoadApproved implements Stage {
    private final ApprovalService approvals;

    LoadApproved(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        try {
            if (!x.approvalWait.isZero()) {
                approvals.awaitDecision(x.approvedRequestId, x.agent.agentId(), x.approvalWait);
            }
            x.approval = approvals.checkExecutable(x.approvedRequestId, x.agent.agentId());
            return Optional.empty();
        } catch (ApprovalRefusedException e) {
            return x.refuse(e.kind(), e.getMessage());
        }
    }

}
