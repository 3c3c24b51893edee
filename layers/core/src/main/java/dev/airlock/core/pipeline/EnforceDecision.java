package dev.airlock.core.pipeline;

import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.ApprovalQueue;

import dev.airlock.core.model.ApprovalRequirement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Stage 5: a denial ends the request; a request that needs approval is frozen and held. */
final class EnforceDecision implements Stage {
    private final ApprovalQueue approvals;
    private final PipelineSettings settings;
    private final Clock clock;

    EnforceDecision(ApprovalQueue approvals, PipelineSettings settings, Clock clock) {
        this.approvals = approvals;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        PolicyDecision decision = x.decision;
        return switch (decision.effect()) {
            case ALLOW -> Optional.empty();
            case DENY -> Optional.of(new PipelineOutcome.Refused(x.requestId,
                    new Problem(ProblemKind.POLICY_DENIED, denialDetail(x), Optional.of(decision))));
            case APPROVAL_REQUIRED -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                Instant expiresAt = now.plus(approvalWait(decision));
                approvals.hold(new PendingRequest(x.requestId, x.agent.agentId(), x.request, x.requestSha256,
                        x.classification.kind(), x.classification.risk(), decision.policyIds(), decision.approvals(),
                        now, expiresAt), x.maskedStatement);
                yield Optional.of(new PipelineOutcome.PendingApproval(x.requestId, expiresAt, decision.policyIds()));
            }
        };
    }

    /** The shortest wait any requiring policy allows; the gateway's default when none says. */
    private Duration approvalWait(PolicyDecision decision) {
        return decision.approvals().stream().map(ApprovalRequirement::maxWait).min(Duration::compareTo)
                .orElse(settings.approvalWait());
    }

    private static String denialDetail(SqlExchange x) {
        String detail = x.decision.reason();
        if (x.classification.kind() == StatementKind.UNKNOWN && x.classification.unknownReason().isPresent()) {
            detail = detail + " The statement could not be classified: " + x.classification.unknownReason().get();
        }
        return detail;
    }
}
