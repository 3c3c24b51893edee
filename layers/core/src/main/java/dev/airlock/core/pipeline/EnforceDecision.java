package dev.airlock.core.pipeline;

import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.ApprovalQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Stage 7: a denial ends the request; a request that needs approval is frozen, with its facts, and held. */
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
    public StageResult apply(RequestState state) {
        PolicyDecision decision = state.decision();
        return switch (decision.effect()) {
            case ALLOW -> StageResult.next(state);
            case DENY -> StageResult.end(new PipelineOutcome.Refused(state.requestId(),
                    new Problem(ProblemKind.POLICY_DENIED, denialDetail(state), Optional.of(decision))));
            case APPROVAL_REQUIRED -> {
                // Notices (emails, queue messages) are the widest-read side door: they get the summary with
                // every value masked. Approvers see the operation whole on the page behind their link.
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                Instant expiresAt = now.plus(approvalWait(decision));
                approvals.hold(new PendingRequest(state.requestId(), state.agent().agentId(), state.prepared().held(),
                        state.requestSha256(), state.prepared().facts(), state.blindSummary(), decision.policyIds(),
                        decision.approvals(), now, expiresAt));
                yield StageResult.end(new PipelineOutcome.PendingApproval(state.requestId(), expiresAt,
                        decision.policyIds()));
            }
        };
    }

    /** The shortest wait any requiring policy allows; the gateway's default when none says. */
    private Duration approvalWait(PolicyDecision decision) {
        return decision.approvals().stream().map(ApprovalRequirement::maxWait).min(Duration::compareTo)
                .orElse(settings.approvalWait());
    }

    private static String denialDetail(RequestState state) {
        String detail = state.decision().reason();
        Optional<String> unreadable = state.prepared().unreadableReason();
        return unreadable.map(why -> detail + " The statement could not be classified: " + why).orElse(detail);
    }
}
