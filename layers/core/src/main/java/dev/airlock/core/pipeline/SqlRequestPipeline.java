package dev.airlock.core.pipeline;

import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.ApprovalQueue;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTargets;
import dev.airlock.core.port.StatementClassifier;
import dev.airlock.core.port.TokenVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The path every SQL request takes through Airlock, in order:
 *
 * <pre>
 *   authenticate -> parse &amp; classify -> authorize -> mask the statement -> record intent
 *     -> enforce decision -> broker credentials -> execute -> mask -> respond, then record the outcome
 * </pre>
 *
 * A request held for approval is run later through the second entry point,
 * {@link #executeApproved}: the same stages after authentication, with the held, frozen request
 * in place of a body and the approval's rules in place of the hold:
 *
 * <pre>
 *   authenticate -> load the approved request -> parse &amp; classify -> authorize (again, now)
 *     -> mask the statement -> record intent -> enforce approval (claim the one execution)
 *     -> broker credentials -> execute -> mask -> respond, then record the outcome and the result
 * </pre>
 *
 * Every request that reaches the pipeline leaves an intent and an outcome record. Any
 * unexpected error ends the request as an internal error: the gateway fails closed.
 */
public final class SqlRequestPipeline {
    private static final System.Logger LOG = System.getLogger(SqlRequestPipeline.class.getName());

    /** How long an execute call may wait for a decision while the request is pending. */
    public static final Duration MAX_APPROVAL_WAIT = Duration.ofSeconds(60);

    private final List<Stage> stages;
    private final List<Stage> approvedStages;
    private final ApprovalService approvalService;
    private final AuditLog audit;
    private final RequestIds requestIds;
    private final Clock clock;

    private SqlRequestPipeline(Builder b) {
        PipelineSettings settings = b.settings;
        this.clock = b.clock;
        this.audit = b.audit;
        this.requestIds = new RequestIds(clock);
        this.stages = List.of(
                new Authenticate(b.tokens),
                new ParseAndClassify(b.targets, b.classifier, b.masker, settings),
                new Authorize(b.policy, clock),
                new MaskStatement(b.masker),
                new RecordIntent(b.audit),
                new EnforceDecision(b.approvals, settings, clock),
                new BrokerCredentials(b.credentials),
                new ExecuteStatement(b.masker, settings),
                new MaskResponse(b.masker));
        this.approvalService = b.approvalService;
        // The stages after authorization are the same objects as above, in the same order.
        this.approvedStages = b.approvalService == null ? List.of() : List.of(
                stages.get(0),
                new LoadApproved(b.approvalService),
                stages.get(1),
                stages.get(2),
                stages.get(3),
                stages.get(4),
                new EnforceApproval(b.approvalService),
                stages.get(6),
                stages.get(7),
                stages.get(8));
    }

    public static Builder builder() {
        return new Builder();
    }

    public PipelineOutcome handle(InboundSqlRequest inbound) {
        SqlExchange exchange = new SqlExchange(requestIds.next(), clock.instant(), inbound);
        return run(exchange, stages);
    }

    /**
     * Runs the held request {@code heldRequestId} once it is approved, for the agent that asked for
     * it: the stored request, never a body; policy is checked again now. Each call is its own audit
     * request (its intent names the held request); the held request's record gets the result.
     *
     * @param wait how long to wait for a decision while the request is pending (capped at
     *             {@link #MAX_APPROVAL_WAIT}; zero answers at once)
     */
    public PipelineOutcome executeApproved(String heldRequestId, Optional<String> authorization,
                                           Optional<String> sourceIp, Duration wait) {
        if (approvalService == null) {
            throw new IllegalStateException("this pipeline was built without an approval service");
        }
        InboundSqlRequest inbound = new InboundSqlRequest(authorization, Optional.empty(),
                Optional.of("an approved request is executed as stored; no body is read"), sourceIp);
        SqlExchange exchange = new SqlExchange(requestIds.next(), clock.instant(), inbound);
        exchange.approvedRequestId = heldRequestId;
        exchange.approvalWait = wait.isNegative() ? Duration.ZERO
                : wait.compareTo(MAX_APPROVAL_WAIT) > 0 ? MAX_APPROVAL_WAIT : wait;
        PipelineOutcome outcome = run(exchange, approvedStages);
        if (exchange.claimed) {
            try {
                approvalService.recordResult(heldRequestId, exchange.requestId,
                        outcome instanceof PipelineOutcome.Completed,
                        outcome instanceof PipelineOutcome.Refused refused
                                ? Optional.of(refused.problem().kind().slug()) : Optional.empty());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "request " + heldRequestId + ": execution result not recorded", e);
            }
        }
        return outcome;
    }

    /** The approval service, for the approval endpoints; empty if the pipeline was built without one. */
    public Optional<ApprovalService> approvals() {
        return Optional.ofNullable(approvalService);
    }

    /** Verifies a bearer token for endpoints outside the pipeline (the request status). */
    public Optional<dev.airlock.core.model.AgentIdentity> authenticate(Optional<String> authorization) {
        SqlExchange probe = new SqlExchange("-", clock.instant(), new InboundSqlRequest(authorization,
                Optional.empty(), Optional.of("-"), Optional.empty()));
        return stages.get(0).apply(probe).isEmpty() ? Optional.of(probe.agent) : Optional.empty();
    }

    private PipelineOutcome run(SqlExchange exchange, List<Stage> stageList) {
        PipelineOutcome outcome;
        try {
            outcome = runStages(exchange, stageList);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + exchange.requestId + " failed closed", e);
            outcome = new PipelineOutcome.Refused(exchange.requestId, Problem.of(ProblemKind.INTERNAL,
                    "Airlock hit an unexpected error and ran nothing further. Quote request id "
                            + exchange.requestId + " to your operator."));
        }
        recordOutcome(exchange, outcome);
        return outcome;
    }

    private PipelineOutcome runStages(SqlExchange exchange, List<Stage> stageList) {
        for (Stage stage : stageList) {
            Optional<PipelineOutcome> end = stage.apply(exchange);
            if (end.isPresent()) {
                return end.get();
            }
        }
        return new PipelineOutcome.Completed(exchange.requestId, exchange.masked);
    }

    /** Requests that ended before the intent stage get their intent now, so each has both records. */
    private void recordOutcome(SqlExchange exchange, PipelineOutcome outcome) {
        if (outcome instanceof PipelineOutcome.Refused refused
                && refused.problem().kind() == ProblemKind.AUDIT_UNAVAILABLE) {
            return;
        }
        try {
            if (!exchange.intentRecorded) {
                audit.recordIntent(exchange.intent());
            }
            audit.recordOutcome(outcomeRecord(exchange, outcome));
        } catch (AuditUnavailableException | IllegalArgumentException e) {
            // The intent, if written, stays without an outcome: the reconciler marks it OUTCOME_UNKNOWN.
            LOG.log(System.Logger.Level.ERROR, "request " + exchange.requestId + ": outcome record not written", e);
        }
    }

    private AuditOutcome outcomeRecord(SqlExchange exchange, PipelineOutcome outcome) {
        Instant now = clock.instant();
        long millis = Duration.between(exchange.receivedAt, now).toMillis();
        return switch (outcome) {
            case PipelineOutcome.Completed completed -> {
                MaskedResult result = completed.result();
                yield new AuditOutcome(exchange.requestId, now, RequestStatus.COMPLETED, millis,
                        Optional.of(result.rowCount()),
                        result.rowsAffected() >= 0 ? Optional.of(result.rowsAffected()) : Optional.empty(),
                        result.maskedCounts(), Optional.empty(), Optional.empty(), credentialsUsed(exchange));
            }
            case PipelineOutcome.PendingApproval pending -> new AuditOutcome(exchange.requestId, now,
                    RequestStatus.PENDING_APPROVAL, millis, Optional.empty(), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty());
            case PipelineOutcome.Refused refused -> new AuditOutcome(exchange.requestId, now,
                    statusOf(refused.problem().kind()), millis, Optional.empty(), Optional.empty(), Map.of(),
                    Optional.of(refused.problem().kind()), Optional.of(refused.problem().detail()),
                    credentialsUsed(exchange));
        };
    }

    /** Which credentials ran (or were about to run) the request, without their secrets. */
    private static Optional<CredentialsUsed> credentialsUsed(SqlExchange exchange) {
        return Optional.ofNullable(exchange.credentials).map(TargetCredentials::used);
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
        private StatementClassifier classifier;
        private PolicyEngine policy;
        private SqlTargets targets;
        private CredentialBroker credentials;
        private ResponseMasker masker;
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

        public Builder classifier(StatementClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        public Builder policy(PolicyEngine policy) {
            this.policy = policy;
            return this;
        }

        public Builder targets(SqlTargets targets) {
            this.targets = targets;
            return this;
        }

        public Builder credentials(CredentialBroker credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder masker(ResponseMasker masker) {
            this.masker = masker;
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

        public SqlRequestPipeline build() {
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(targets, "targets");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(masker, "masker");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(approvals, "approvals");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(clock, "clock");
            return new SqlRequestPipeline(this);
        }
    }
}
