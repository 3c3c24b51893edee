package dev.airlock.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The audit record written after a request ends: how it ended, how much came back, what was
 * masked and which credentials ran it (never their secrets), and the target's own id of the call
 * where it gives one (AWS's request id). Problem details are the same safe text the agent saw.
 */
public record AuditOutcome(
        String requestId,
        Instant completedAt,
        RequestStatus status,
        long durationMillis,
        Optional<Integer> rowCount,
        Optional<Long> rowsAffected,
        Map<String, Integer> maskedCounts,
        Optional<ProblemKind> problem,
        Optional<String> problemDetail,
        Optional<CredentialsUsed> credentials,
        Optional<String> targetRequestId) {

    public AuditOutcome {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(status, "status");
        maskedCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(maskedCounts));
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(targetRequestId, "targetRequestId");
    }

    /** An outcome whose target gave the request no id of its own (databases do not). */
    public AuditOutcome(String requestId, Instant completedAt, RequestStatus status, long durationMillis,
                        Optional<Integer> rowCount, Optional<Long> rowsAffected, Map<String, Integer> maskedCounts,
                        Optional<ProblemKind> problem, Optional<String> problemDetail,
                        Optional<CredentialsUsed> credentials) {
        this(requestId, completedAt, status, durationMillis, rowCount, rowsAffected, maskedCounts, problem,
                problemDetail, credentials, Optional.empty());
    }

    /** An outcome of a request that got no credentials (refused before the broker, or pending). */
    public AuditOutcome(String requestId, Instant completedAt, RequestStatus status, long durationMillis,
                        Optional<Integer> rowCount, Optional<Long> rowsAffected, Map<String, Integer> maskedCounts,
                        Optional<ProblemKind> problem, Optional<String> problemDetail) {
        this(requestId, completedAt, status, durationMillis, rowCount, rowsAffected, maskedCounts, problem,
                problemDetail, Optional.empty());
    }
}
