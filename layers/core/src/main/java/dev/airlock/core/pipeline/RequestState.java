package dev.airlock.core.pipeline;

import dev.airlock.core.engine.Executed;
import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.Operation;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.targets.Target;

import java.time.Instant;
import java.util.Optional;

/**
 * What the pipeline knows about one request after a stage: immutable, each stage returns a new
 * one with its own result added. The fields fill in order; a field a stage has not reached yet is
 * null. The audit records are written from it whatever stage the request ended at.
 */
record RequestState(
        String requestId,
        Instant receivedAt,
        Inbound inbound,
        AgentIdentity agent,
        ApprovalRecord approval,
        Operation operation,
        MaskedSummary blindSummary,
        MaskedSummary summary,
        Target<?> target,
        PreparedRequest prepared,
        String requestSha256,
        PolicyDecision decision,
        boolean intentRecorded,
        boolean claimed,
        TargetCredentials credentials,
        Executed executed,
        MaskedResponse response) {

    /** What every request arrives with: its credentials and its origin, then a body or a held request's id. */
    sealed interface Inbound permits InboundRequest, ApprovedExecution {
        Optional<String> authorization();

        Optional<String> sourceIp();
    }

    static RequestState start(String requestId, Instant receivedAt, Inbound inbound) {
        return new RequestState(requestId, receivedAt, inbound, null, null, null, null, null, null, null, null,
                null, false, false, null, null, null);
    }

    RequestState withAgent(AgentIdentity agent) {
        return with(next -> next.agent = agent);
    }

    RequestState withApproval(ApprovalRecord approval) {
        return with(next -> next.approval = approval);
    }

    RequestState withOperation(Operation operation, MaskedSummary blindSummary) {
        return with(next -> {
            next.operation = operation;
            next.blindSummary = blindSummary;
            next.summary = blindSummary;
        });
    }

    RequestState withPrepared(Target<?> target, PreparedRequest prepared, String requestSha256) {
        return with(next -> {
            next.target = target;
            next.prepared = prepared;
            next.requestSha256 = requestSha256;
        });
    }

    RequestState withDecision(PolicyDecision decision) {
        return with(next -> next.decision = decision);
    }

    RequestState withSummary(MaskedSummary summary) {
        return with(next -> next.summary = summary);
    }

    RequestState withIntentRecorded() {
        return with(next -> next.intentRecorded = true);
    }

    RequestState withClaimed(ApprovalRecord claimedRecord) {
        return with(next -> {
            next.approval = claimedRecord;
            next.claimed = true;
        });
    }

    RequestState withCredentials(TargetCredentials credentials) {
        return with(next -> next.credentials = credentials);
    }

    RequestState withExecuted(Executed executed) {
        return with(next -> next.executed = executed);
    }

    RequestState withResponse(MaskedResponse response) {
        return with(next -> next.response = response);
    }

    /** A copy with one stage's result added: the fields as they are, changed by {@code change}. */
    private RequestState with(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new RequestState(requestId, receivedAt, inbound, f.agent, f.approval, f.operation, f.blindSummary,
                f.summary, f.target,
                f.prepared, f.requestSha256, f.decision, f.intentRecorded, f.claimed, f.credentials, f.executed,
                f.response);
    }

    /** The fields stages fill, while one copy is made. */
    private static final class Fields {
        AgentIdentity agent;
        ApprovalRecord approval;
        Operation operation;
        MaskedSummary blindSummary;
        MaskedSummary summary;
        Target<?> target;
        PreparedRequest prepared;
        String requestSha256;
        PolicyDecision decision;
        boolean intentRecorded;
        boolean claimed;
        TargetCredentials credentials;
        Executed executed;
        MaskedResponse response;

        Fields(RequestState s) {
            agent = s.agent;
            approval = s.approval;
            operation = s.operation;
            blindSummary = s.blindSummary;
            summary = s.summary;
            target = s.target;
            prepared = s.prepared;
            requestSha256 = s.requestSha256;
            decision = s.decision;
            intentRecorded = s.intentRecorded;
            claimed = s.claimed;
            credentials = s.credentials;
            executed = s.executed;
            response = s.response;
        }
    }

    /** The held request this request executes, when it executes one. */
    Optional<String> approvedRequestId() {
        return inbound instanceof ApprovedExecution approved ? Optional.of(approved.heldRequestId()) : Optional.empty();
    }

    StageResult refuse(dev.airlock.core.model.ProblemKind kind, String detail) {
        return StageResult.end(new PipelineOutcome.Refused(requestId, dev.airlock.core.model.Problem.of(kind, detail)));
    }

    /** The intent record for what is known so far. */
    AuditIntent intent() {
        AuditIntent.Builder intent = AuditIntent.builder(requestId, receivedAt);
        inbound.sourceIp().ifPresent(intent::sourceIp);
        if (agent != null) {
            intent.agent(agent);
        }
        if (operation != null) {
            intent.target(operation.target());
        }
        if (summary != null) {
            intent.statement(summary.text(), summary.values(), requestSha256);
        }
        if (prepared != null) {
            intent.facts(prepared.facts());
        }
        if (decision != null) {
            intent.decision(decision);
        }
        approvedRequestId().ifPresent(intent::approvalOf);
        return intent.build();
    }
}
