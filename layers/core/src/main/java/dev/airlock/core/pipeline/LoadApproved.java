package dev.airlock.core.pipeline;

import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.engine.Decoding;
import dev.airlock.core.engine.Engine;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.target.Targets;

/**
 * Execution stage 2, in place of {@link Decode}: the held request must be the calling agent's and
 * approved (waiting for a decision a while if the agent asked to); the operation stored when it
 * was held is what the later stages run, never anything the agent sends now.
 */
final class LoadApproved implements Stage {
    private final ApprovalService approvals;
    private final Targets targets;

    LoadApproved(ApprovalService approvals, Targets targets) {
        this.approvals = approvals;
        this.targets = targets;
    }

    @Override
    public StageResult apply(RequestState state) {
        ApprovedExecution call = (ApprovedExecution) state.inbound();
        ApprovalRecord record;
        try {
            if (!call.approvalWait().isZero()) {
                approvals.awaitDecision(call.heldRequestId(), state.agent().agentId(), call.approvalWait().duration());
            }
            record = approvals.checkExecutable(call.heldRequestId(), state.agent().agentId());
        } catch (ApprovalRefusedException e) {
            return state.refuse(e.kind(), e.getMessage());
        }
        HeldOperation held = record.pending().operation();
        Engine<?> engine = targets.engine(held.protocol()).orElse(null);
        if (engine == null || !(engine.decode(held) instanceof Decoding.Decoded decoded)) {
            return state.withApproval(record).refuse(ProblemKind.NOT_APPROVED, "Request " + call.heldRequestId()
                    + " was held as a " + held.protocol() + " request this gateway no longer reads; nothing ran.");
        }
        return StageResult.next(state.withApproval(record)
                .withOperation(decoded.operation(), engine.blindSummary(decoded.operation())));
    }
}
