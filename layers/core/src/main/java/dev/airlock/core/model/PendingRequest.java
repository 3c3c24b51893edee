package dev.airlock.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request held for approval, frozen exactly as asked: only this statement with these
 * parameters, hashed as {@code requestSha256}, can run after approval.
 */
public record PendingRequest(
        String requestId,
        String agentId,
        SqlRequest request,
        String requestSha256,
        StatementKind kind,
        RiskClass risk,
        List<String> policyIds,
        List<ApprovalRequirement> approvals,
        Instant createdAt,
        Instant expiresAt) {

    public PendingRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestSha256, "requestSha256");
        policyIds = List.copyOf(policyIds);
        approvals = List.copyOf(approvals);
    }
}
