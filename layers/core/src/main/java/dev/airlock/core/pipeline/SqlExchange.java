package dev.airlock.core.pipeline;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One request on its way through the pipeline: each stage reads what earlier stages learned
 * and adds its own part.
 */
final class SqlExchange {
    final String requestId;
    final Instant receivedAt;
    final InboundSqlRequest inbound;

    AgentIdentity agent;
    SqlRequest request;
    SqlTarget target;
    String requestSha256;
    String maskedStatement;
    List<String> maskedParams = List.of();
    SqlClassification classification;
    PolicyDecision decision;
    boolean intentRecorded;
    TargetCredentials credentials;
    QueryResult result;
    MaskedResult masked;
    /** Set when this exchange executes a held, approved request rather than one from the body. */
    String approvedRequestId;
    java.time.Duration approvalWait = java.time.Duration.ZERO;
    dev.airlock.core.model.ApprovalRecord approval;
    boolean claimed;

    SqlExchange(String requestId, Instant receivedAt, InboundSqlRequest inbound) {
        this.requestId = requestId;
        this.receivedAt = receivedAt;
        this.inbound = inbound;
    }

    Optional<PipelineOutcome> refuse(ProblemKind kind, String detail) {
        return Optional.of(new PipelineOutcome.Refused(requestId, Problem.of(kind, detail)));
    }

    /** The intent record for what is known so far. */
    AuditIntent intent() {
        AuditIntent.Builder intent = AuditIntent.builder(requestId, receivedAt);
        inbound.sourceIp().ifPresent(intent::sourceIp);
        if (agent != null) {
            intent.agent(agent);
        }
        if (request != null) {
            intent.target(request.target());
        }
        if (maskedStatement != null) {
            intent.statement(maskedStatement, maskedParams, requestSha256);
        }
        if (classification != null) {
            intent.classification(classification);
        }
        if (decision != null) {
            intent.decision(decision);
        }
        if (approvedRequestId != null) {
            intent.approvalOf(approvedRequestId);
        }
        return intent.build();
    }
}
