package dev.airlock.audit.aws;

import dev.airlock.core.contract.AuditLogContract.Audited;

import java.util.List;
import java.util.Optional;

/** Reads the audit table back for the audit log contract, as {@code ./airlock audit} does. */
final class AuditTrailReading {
    private final DynamoDbAuditTrail trail;

    AuditTrailReading(DynamoDbAuditTrail trail) {
        this.trail = trail;
    }

    Optional<Audited> read(String requestId) {
        return trail.request(requestId).map(entry -> new Audited(entry.agentId(), entry.target(), entry.statement(),
                entry.params(), entry.outcome().map(o -> entry.status()), entry.rowCount(), entry.maskedCounts(),
                entry.problemDetail()));
    }

    List<String> approvalSteps(String requestId) {
        return trail.approvalSteps(requestId).stream().map(step -> step.approvalStep().orElseThrow().word()).toList();
    }
}
