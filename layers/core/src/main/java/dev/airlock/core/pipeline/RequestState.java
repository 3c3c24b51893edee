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
import dev.airlock.core.target.Target;

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
                false, false, null, null, null);
    }

    RequestState withAgent(AgentIdentity agent) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withApproval(ApprovalRecord approval) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withOperation(Operation operation, MaskedSummary blindSummary) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, blindSummary, target,
                prepared, requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withPrepared(Target<?> target, PreparedRequest prepared, String requestSha256) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withDecision(PolicyDecision decision) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withSummary(MaskedSummary summary) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withIntentRecorded() {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, true, claimed, credentials, executed, response);
    }

    RequestState withClaimed(ApprovalRecord claimedRecord) {
        return new RequestState(requestId, receivedAt, inbound, agent, claimedRecord, operation, summary, target,
                prepared, requestSha256, decision, intentRecorded, true, credentials, executed, response);
    }

    RequestState withCredentials(TargetCredentials credentials) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withExecuted(Executed executed) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
    }

    RequestState withResponse(MaskedResponse response) {
        return new RequestState(requestId, receivedAt, inbound, agent, approval, operation, summary, target, prepared,
                requestSha256, decision, intentRecorded, claimed, credentials, executed, response);
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
