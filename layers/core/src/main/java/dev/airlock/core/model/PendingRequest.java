package dev.airlock.core.model;

import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.RequestFacts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request held for approval, frozen exactly as asked: only this operation, hashed as
 * {@code requestSha256}, can run after approval. It keeps the facts its engine found when it was
 * held (kind, risk, resources) and its summary with every value masked (what notices may carry),
 * so approval pages, notices and the CLI show the request without reading it again.
 */
public record PendingRequest(
        String requestId,
        String agentId,
        HeldOperation operation,
        String requestSha256,
        RequestFacts facts,
        MaskedSummary summary,
        List<String> policyIds,
        List<ApprovalRequirement> approvals,
        Instant createdAt,
        Instant expiresAt) {

    public PendingRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(requestSha256, "requestSha256");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(summary, "summary");
        policyIds = List.copyOf(policyIds);
        approvals = List.copyOf(approvals);
    }

    /**
     * A held SQL statement whose facts are its kind and risk alone, with no resources named and
     * its text as its summary: for tests and stores that predate frozen facts.
     */
    public PendingRequest(String requestId, String agentId, SqlRequest request, String requestSha256,
                          StatementKind kind, RiskClass risk, List<String> policyIds,
                          List<ApprovalRequirement> approvals, Instant createdAt, Instant expiresAt) {
        this(requestId, agentId, request.held(), requestSha256,
                new RequestFacts(SqlRequest.PROTOCOL, request.target(), kind.name(), kind.action(), risk,
                        List.of(), List.of(), List.of()),
                new MaskedSummary(kind.action() + " on " + request.target(), List.of()),
                policyIds, approvals, createdAt, expiresAt);
    }

    public String target() {
        return operation.target();
    }

    /** The policy action the request was decided as ({@code sql:delete}). */
    public String action() {
        return facts.action();
    }

    public RiskClass risk() {
        return facts.risk();
    }

    /** What the request does, lower case, as pages and notices show it ({@code delete}). */
    public String kindLabel() {
        return facts.kind().toLowerCase(Locale.ROOT);
    }

    /** The operation's fields as stored ({@code sql} and {@code params} for SQL). */
    public Map<String, Object> input() {
        return operation.input();
    }
}
