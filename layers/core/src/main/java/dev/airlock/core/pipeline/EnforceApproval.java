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
 * Execution stage 5, in place of {@link EnforceDecision}: the frozen request must still hash as
 * it did when held, policy must still allow it now (a denial since wins; a requirement added
 * since must be met by the approvals given), and then exactly one caller claims the execution.
 */
final class EnforceApproval implements Stage {
    private final ApprovalService approvals;

    EnforceApproval(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        if (!x.requestSha256.equals(x.approval.pending().requestSha256())) {
            return x.refuse(ProblemKind.NOT_APPROVED, "Request " + x.approvedRequestId
                    + " no longer matches what was approved; nothing ran.");
        }
        PolicyDecision decision = x.decision;
        switch (decision.effect()) {
            case DENY -> {
                return Optional.of(new PipelineOutcome.Refused(x.requestId, new Problem(ProblemKind.POLICY_DENIED,
                        "Policy now denies request " + x.approvedRequestId + ", although it was approved: "
                                + decision.reason(), Optional.of(decision))));
            }
            case APPROVAL_REQUIRED -> {
                if (!x.approval.requirementsMet(decision.approvals())) {
                    return x.refuse(ProblemKind.NOT_APPROVED, "Policy now requires "
                            + decision.approvals().stream().map(EnforceApproval::describe)
                            .collect(Collectors.joining(" and "))
                            + " for request " + x.approvedRequestId + "; the approvals given do not meet that. "
                            + "Send the request again to ask anew.");
                }
            }
            case ALLOW -> {
                // Policy no longer asks for approval; the approval given still binds the request.
            }
        }
        try {
            x.approval = approvals.claimExecution(x.approvedRequestId, x.agent.agentId());
            x.claimed = true;
            return Optional.empty();
        } catch (ApprovalRefusedException e) {
            return x.refuse(e.kind(), e.getMessage());
        }
    }

    private static String describe(ApprovalRequirement r) {
        return r.approvals() + (r.approvals() == 1 ? " approval" : " approvals") + " from " + r.group();
    }
}
