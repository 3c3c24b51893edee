package dev.airlock.core.pipeline;

import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.ApprovalQueue;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.core.targets.Targets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The path every request takes through Airlock, whatever its protocol, in order:
 *
 * <pre>
 *   authenticate -> decode (engine) -> classify (engine) -> authorize (policy) -> mask the summary
 *     -> record intent -> enforce the decision -> broker credentials -> execute (engine)
 *     -> mask the answer (engine) -> respond, then record the outcome
 * </pre>
 *
 * A request held for approval is run later through {@link #executeApproved}: the same stages,
 * with the held, frozen operation in place of a body and the approval's rules in place of the hold:
 *
 * <pre>
 *   authenticate -> load the approved operation -> classify -> authorize (again, now) -> mask the summary
 *     -> record intent -> enforce approval (claim the one execution) -> broker credentials
 *     -> execute -> mask -> respond, then record the outcome and the held request's result
 * </pre>
 *
 * The protocol lives in the engines; this class knows none. Every request that reaches the
 * pipeline leaves an intent and an outcome record. Any unexpected error ends the request as an
 * internal error: the gateway fails closed.
 */
public final class RequestPipeline {
    private static final System.Logger LOG = System.getLogger(RequestPipeline.class.getName());

    private final List<Stage> stages;
    private final List<Stage> approvedStages;
    private final Authenticate authenticate;
    private final ApprovalService approvalService;
    private final AuditLog audit;
    private final RequestIds requestIds;
    private final Clock clock;

    private RequestPipeline(Builder b) {
        this.clock = b.clock;
        this.audit = b.audit;
        this.requestIds = new RequestIds(clock);
        this.approvalService = b.approvalService;

        authenticate = new Authenticate(b.tokens);
        Stage classify = new Classify(b.targets);
        Stage authorize = new Authorize(b.policy, clock);
        Stage maskSummary = new MaskSummary();
        Stage recordIntent = new RecordIntent(b.audit);
        Stage brokerCredentials = new BrokerCredentials();
        Stage execute = new Execute();
        Stage maskResponse = new MaskResponse();

        this.stages = List.of(authenticate, new Decode(b.targets), classify, authorize, maskSummary, recordIntent,
                new EnforceDecision(b.approvals, b.settings, clock), brokerCredentials, execute, maskResponse);
        this.approvedStages = b.approvalService == null ? List.of() : List.of(authenticate,
                new LoadApproved(b.approvalService, b.targets), classify, authorize, maskSummary, recordIntent,
                new EnforceApproval(b.approvalService), brokerCredentials, execute, maskResponse);
    }

    public static Builder builder() {
        return new Builder();
    }

    public PipelineOutcome handle(InboundRequest inbound) {
        return run(RequestState.start(requestIds.next(), clock.instant(), inbound), stages).outcome();
    }

    /**
     * Runs a held request once it is approved, for the agent that asked for it: the stored
     * operation, never a body; policy is checked again now. Each call is its own audit request
     * (its intent names the held request); the held request's record gets the result.
     */
    public PipelineOutcome executeApproved(ApprovedExecution call) {
        if (approvalService == null) {
            throw new IllegalStateException("this pipeline was built without an approval service");
        }
        Ended ended = run(RequestState.start(requestIds.next(), clock.instant(), call), approvedStages);
        if (ended.state().claimed()) {
            try {
                approvalService.recordResult(call.heldRequestId(), ended.state().requestId(),
                        ended.outcome() instanceof PipelineOutcome.Completed,
                        ended.outcome() instanceof PipelineOutcome.Refused refused
                                ? Optional.of(refused.problem().kind().slug()) : Optional.empty());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "request " + call.heldRequestId()
                        + ": execution result not recorded", e);
            }
        }
        return ended.outcome();
    }

    /** The approval service, for the approval endpoints; empty if the pipeline was built without one. */
    public Optional<ApprovalService> approvals() {
        return Optional.ofNullable(approvalService);
    }

    /** Verifies a bearer token for endpoints outside the pipeline (the request status). */
    public Optional<AgentIdentity> authenticate(Optional<String> authorization) {
        RequestState probe = RequestState.start("-", clock.instant(),
                new InboundRequest("-", authorization, "", Optional.empty()));
        return authenticate.apply(probe) instanceof StageResult.Next next
                ? Optional.of(next.state().agent()) : Optional.empty();
    }

    /** How a request ended, and the state it ended in, which its audit records are written from. */
    private record Ended(RequestState state, PipelineOutcome outcome) {
    }

    private Ended run(RequestState start, List<Stage> stageList) {
        RequestState state = start;
        PipelineOutcome outcome = null;
        try {
            for (Stage stage : stageList) {
                StageResult result = stage.apply(state);
                if (result instanceof StageResult.End end) {
                    outcome = end.outcome();
                    break;
                }
                state = ((StageResult.Next) result).state();
            }
            if (outcome == null) {
                outcome = new PipelineOutcome.Completed(state.requestId(), state.response());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + state.requestId() + " failed closed", e);
            outcome = new PipelineOutcome.Refused(state.requestId(), Problem.of(ProblemKind.INTERNAL,
                    "Airlock hit an unexpected error and ran nothing further. Quote request id "
                            + state.requestId() + " to your operator."));
        }
        recordOutcome(state, outcome);
        return new Ended(state, outcome);
    }

    /** Requests that ended before the intent stage get their intent now, so each has both records. */
    private void recordOutcome(RequestState state, PipelineOutcome outcome) {
        if (outcome instanceof PipelineOutcome.Refused refused
                && refused.problem().kind() == ProblemKind.AUDIT_UNAVAILABLE) {
            return;
        }
        try {
            if (!state.intentRecorded()) {
                audit.recordIntent(state.intent());
            }
            audit.recordOutcome(outcomeRecord(state, outcome));
        } catch (AuditUnavailableException | IllegalArgumentException e) {
            // The intent, if written, stays without an outcome: the reconciler marks it OUTCOME_UNKNOWN.
            LOG.log(System.Logger.Level.ERROR, "request " + state.requestId() + ": outcome record not written", e);
        }
    }

    private AuditOutcome outcomeRecord(RequestState state, PipelineOutcome outcome) {
        Instant now = clock.instant();
        long millis = Duration.between(state.receivedAt(), now).toMillis();
        return switch (outcome) {
            case PipelineOutcome.Completed completed -> {
                MaskedResponse response = completed.response();
                yield new AuditOutcome(state.requestId(), now, RequestStatus.COMPLETED, millis,
                        response.itemCount(), response.itemsChanged(), response.maskedCounts(), Optional.empty(),
                        Optional.empty(), credentialsUsed(state), response.targetRequestId());
            }
            case PipelineOutcome.PendingApproval pending -> new AuditOutcome(state.requestId(), now,
                    RequestStatus.PENDING_APPROVAL, millis, Optional.empty(), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty());
            case PipelineOutcome.Refused refused -> new AuditOutcome(state.requestId(), now,
                    statusOf(refused.problem().kind()), millis, Optional.empty(), Optional.empty(), Map.of(),
                    Optional.of(refused.problem().kind()), Optional.of(refused.problem().detail()),
                    credentialsUsed(state));
        };
    }

    /** Which credentials ran (or were about to run) the request, without their secrets. */
    private static Optional<CredentialsUsed> credentialsUsed(RequestState state) {
        return Optional.ofNullable(state.credentials()).map(TargetCredentials::used);
    }

    private static RequestStatus statusOf(ProblemKind kind) {
        return switch (kind) {
            case UNAUTHENTICATED -> RequestStatus.UNAUTHENTICATED;
            case POLICY_DENIED -> RequestStatus.DENIED;
            case MALFORMED_REQUEST, UNKNOWN_TARGET, NOT_FOUND, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE,
                 APPROVAL_PENDING, APPROVAL_EXPIRED, ALREADY_EXECUTED, NOT_APPROVED, APPROVER_NOT_ALLOWED ->
                    RequestStatus.REJECTED;
            default -> RequestStatus.FAILED;
        };
    }

    /** Wires the pipeline from its ports; every port is required. */
    public static final class Builder {
        private TokenVerifier tokens;
        private PolicyEngine policy;
        private Targets targets;
        private AuditLog audit;
        private ApprovalQueue approvals;
        private ApprovalService approvalService;
        private PipelineSettings settings = PipelineSettings.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder tokens(TokenVerifier tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder policy(PolicyEngine policy) {
            this.policy = policy;
            return this;
        }

        /** The targets, each with its engine, executor and credential broker. */
        public Builder targets(Targets targets) {
            this.targets = targets;
            return this;
        }

        public Builder audit(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        public Builder approvals(ApprovalQueue approvals) {
            this.approvals = approvals;
            return this;
        }

        /** Holds requests through the service (store and workflow) and enables {@link #executeApproved}. */
        public Builder approvalService(ApprovalService approvalService) {
            this.approvalService = approvalService;
            this.approvals = approvalService;
            return this;
        }

        public Builder settings(PipelineSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public RequestPipeline build() {
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(targets, "targets");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(approvals, "approvals");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(clock, "clock");
            return new RequestPipeline(this);
        }
    }
}
