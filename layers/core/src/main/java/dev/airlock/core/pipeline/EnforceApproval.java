package dev.airlock.core.pipeline;

import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Execution stage 7, in place of {@link EnforceDecision}: the frozen request must still hash as
 * it did when held, policy must still allow it now (a denial since wins; a requirement added
 * since must be met by the approvals given), and then exactly one caller claims the execution.
 */
final class EnforceApproval implements Stage {
    private final ApprovalService approvals;

    EnforceApproval(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public StageResult apply(RequestState state) {
        String heldId = state.approvedRequestId().orElseThrow();
        if (!state.requestSha256().equals(state.approval().pending().requestSha256())) {
            return state.refuse(ProblemKind.NOT_APPROVED, "Request " + heldId
                    + " no longer matches what was approved; nothing ran.");
        }
        PolicyDecision decision = state.decision();
        switch (decision.effect()) {
            case DENY -> {
                return StageResult.end(new PipelineOutcome.Refused(state.requestId(),
                        new Problem(ProblemKind.POLICY_DENIED, "Policy now denies request " + heldId
                                + ", although it was approved: " + decision.reason(), Optional.of(decision))));
            }
            case APPROVAL_REQUIRED -> {
                if (!state.approval().requirementsMet(decision.approvals())) {
                    return state.refuse(ProblemKind.NOT_APPROVED, "Policy now requires "
                            + decision.approvals().stream().map(EnforceApproval::describe)
                            .collect(Collectors.joining(" and "))
                            + " for request " + heldId + "; the approvals given do not meet that. "
                            + "Send the request again to ask anew.");
                }
            }
            case ALLOW -> {
                // Policy no longer asks for approval; the approval given still binds the request.
            }
        }
        try {
            return StageResult.next(state.withClaimed(approvals.claimExecution(heldId, state.agent().agentId())));
        } catch (ApprovalRefusedException e) {
            return state.refuse(e.kind(), e.getMessage());
        }
    }

    private static String describe(ApprovalRequirement r) {
        return r.approvals() + (r.approvals() == 1 ? " approval" : " approvals") + " from " + r.group();
    }
}
