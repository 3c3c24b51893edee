package dev.airlock.audit.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One approval record of a held request, as the audit trail keeps it: approved or denied by an
 * approver, expired, or executed (naming the execution's own audit request).
 */
public record AuditApprovalStep(String requestId, Instant at, String event, Optional<String> approverId,
                                Optional<String> detail, Optional<String> executionId) {

    static AuditApprovalStep of(Map<String, AttributeValue> item) {
        return new AuditApprovalStep(item.get("requestId").s(), Instant.parse(item.get("at").s()),
                item.get("event").s(), text(item, "approverId"), text(item, "detail"), text(item, "executionId"));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }
}
